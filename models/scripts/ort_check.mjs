// Run ONNX graphs with onnxruntime-node and compare with reference outputs written by PyTorch.
// usage: node models/scripts/ort_check.mjs JOB_DIR   (JOB_DIR/check.json written by a2s_models.export.verify)
// check.json: [{ "graph": "x.onnx", "inputs": {name: {"file", "shape", "dtype"}}, "outputs": {name: {"file", "shape"}} }]
// prints one JSON line: [{ "graph", "maxAbsDiff": {name: number | "mismatch"} }]; verify.py applies the tolerance rule.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'package.json'));
const ort = require('onnxruntime-node');

function load(dir, spec) {
  const buf = readFileSync(join(dir, spec.file));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const data = spec.dtype === 'int64' ? new BigInt64Array(ab) : new Float32Array(ab);
  return new ort.Tensor(spec.dtype === 'int64' ? 'int64' : 'float32', data, spec.shape);
}

const dir = resolve(process.argv[2]);
const jobs = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
const results = [];
for (const job of jobs) {
  const session = await ort.InferenceSession.create(resolve(dir, job.graph), { intraOpNumThreads: 1 });
  const feeds = {};
  for (const [name, spec] of Object.entries(job.inputs)) feeds[name] = load(dir, spec);
  const out = await session.run(feeds);
  const maxAbsDiff = {};
  for (const [name, spec] of Object.entries(job.outputs)) {
    const ref = load(dir, spec).data;
    const got = out[name].data;
    let m = got.length === ref.length ? 0 : Infinity;
    for (let i = 0; i < ref.length && m !== Infinity; i++) {
      const d = Math.abs(got[i] - ref[i]);
      m = Number.isNaN(d) ? Infinity : Math.max(m, d);
    }
    maxAbsDiff[name] = m === Infinity ? 'mismatch' : m;
  }
  results.push({ graph: job.graph, maxAbsDiff });
}
console.log(JSON.stringify(results));
