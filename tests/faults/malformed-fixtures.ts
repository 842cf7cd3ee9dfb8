import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeMp4 } from '../shell/media-fixtures';

/** Deterministic junk bytes (no RNG state shared with other tests). */
export function junk(bytes: number, seed = 7): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Broken media files: empty, junk, renamed text, truncated containers, a folder, a symlink loop. */
export function brokenMedia(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const good = makeMp4(dir, 'good.mp4', 1);
  const bytes = readFileSync(good);
  const wav = path.join(dir, 'good.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', wav, 'synth', '0.2', 'sine', '440']);
  const files: Record<string, [string, Buffer | string]> = {
    'zero.mp4': ['zero.mp4', ''],
    'zero.wav': ['zero.wav', ''],
    'junk.mp4': ['junk.mp4', junk(4096)],
    'junk.wav': ['junk.wav', junk(4096, 9)],
    'text.wav': ['text.wav', 'this is not audio\n'.repeat(100)],
    'head-only.mp4': ['head-only.mp4', bytes.subarray(0, 64)],
    'half.mp4': ['half.mp4', bytes.subarray(0, Math.floor(bytes.length / 2))],
    'riff-junk.wav': ['riff-junk.wav', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'), junk(200, 3)])],
    'header-only.wav': ['header-only.wav', readFileSync(wav).subarray(0, 44)],
  };
  const out: Record<string, string> = {};
  for (const [key, [name, content]] of Object.entries(files)) {
    out[key] = path.join(dir, name);
    writeFileSync(out[key], content);
  }
  out['folder.mp4'] = path.join(dir, 'folder.mp4');
  mkdirSync(out['folder.mp4']);
  out['loop.mp4'] = path.join(dir, 'loop.mp4');
  symlinkSync(out['loop.mp4'], out['loop.mp4']);
  out['missing.mp4'] = path.join(dir, 'missing.mp4');
  return out;
}

/** Bundle folders with broken manifests or graphs, next to a copy of the tiny bundle's manifest. */
export function brokenBundles(bundlesDir: string, tinyDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(tinyDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const variants: Record<string, string | Record<string, unknown>> = {
    'b-empty': '',
    'b-not-json': '{"format": "a2s-bundle/1", ',
    'b-array': '[]',
    'b-no-format': { ...manifest, format: undefined, id: 'b-no-format' },
    'b-future-format': { ...manifest, format: 'a2s-bundle/9', id: 'b-future-format' },
    'b-bad-audio': { ...manifest, id: 'b-bad-audio', audio: { sampleRate: -1 } },
    'b-no-graphs': { ...manifest, id: 'b-no-graphs', graphs: {} },
    'b-missing-files': { ...manifest, id: 'b-missing-files' },
    'b-junk-onnx': { ...manifest, id: 'b-junk-onnx' },
  };
  for (const [name, content] of Object.entries(variants)) {
    const dir = path.join(bundlesDir, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), typeof content === 'string' ? content : JSON.stringify(content));
  }
  // Same manifest as tiny, graphs replaced by junk of the same names (hash mismatch, unparseable ONNX).
  for (const f of readdirSync(tinyDir).filter((f) => f.endsWith('.onnx'))) writeFileSync(path.join(bundlesDir, 'b-junk-onnx', f), junk(2048));
  copyFileSync(path.join(tinyDir, 'LICENSE'), path.join(bundlesDir, 'b-junk-onnx', 'LICENSE'));
  return Object.keys(variants);
}
