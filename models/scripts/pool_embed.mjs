// Adds AV-Sim audio embeddings to a bundle's conditions/pool.json, computed by the bundle's own avsim_audio.onnx
// (so `--ambient auto` can rank the pool by the span's video embedding without embedding 160 clips per request).
// usage: node models/scripts/pool_embed.mjs models/bundles/default
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node models/scripts/pool_embed.mjs BUNDLE_DIR');
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const poolFile = path.join(dir, manifest.conditions.pool);
const pool = JSON.parse(readFileSync(poolFile, 'utf8'));
const n = manifest.audio.clipSamples ?? Math.round(manifest.audio.sampleRate * manifest.audio.clipSeconds);
const session = await ort.InferenceSession.create(path.join(dir, manifest.graphs.avsimAudio.file));

function decode(file) {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', String(manifest.audio.sampleRate), '-'], { maxBuffer: 1 << 26 });
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const out = new Float32Array(n);
  for (let i = 0; i < n && all.length; i += all.length) out.set(all.subarray(0, Math.min(all.length, n - i)), i); // loop short clips
  return out;
}

for (const entry of pool) {
  const wave = decode(path.join(path.dirname(poolFile), entry.file));
  const res = await session.run({ wave: new ort.Tensor('float32', wave, [1, n]) });
  const e = Array.from(res.embedding.data);
  const norm = Math.hypot(...e) || 1;
  entry.embedding = e.map((v) => Math.round((v / norm) * 1e5) / 1e5);
}
writeFileSync(poolFile + '.tmp', JSON.stringify(pool));
renameSync(poolFile + '.tmp', poolFile);
console.log(`pool_embed: ${pool.length} embeddings of ${pool[0].embedding.length} dims -> ${poolFile}`);
