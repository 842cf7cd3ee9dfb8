import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering nevers of eslint.config.mjs (docs/ARCHITECTURE.md), proven on snippets placed at paths in each layer:
// each forbidden import is an error, and the allowed form next to it is not (so a rule that fires on everything fails).
const root = path.resolve(__dirname, '..', '..');
const LAYERING = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(res, `${file} was not linted`).toBeDefined();
  // An ignored path comes back as one warning and no rule: that would prove nothing.
  expect(res!.messages.filter((m) => m.ruleId === null), `${file}: ${JSON.stringify(res!.messages)}`).toEqual([]);
  return res!.messages.filter((m) => m.ruleId !== null && LAYERING.has(m.ruleId) && m.severity === 2).map((m) => m.message);
}

const ns = (source: string) => `import * as m from '${source}';\nexport const x = m;\n`;

// [where, file, code]: each is a never.
const forbidden: [string, string, string][] = [
  ['samplers → onnxruntime-node', 'main/engine/inference/samplers/ddim.ts', ns('onnxruntime-node')],
  ['samplers → onnxruntime-web', 'main/engine/inference/samplers/ddim.ts', ns('onnxruntime-web')],
  ['samplers → onnxruntime-common', 'main/engine/inference/samplers/sampler.ts', ns('onnxruntime-common')],
  ['samplers → the rest of inference', 'main/engine/inference/samplers/sampler.ts', ns('../backend')],
  ['inference (not backend.ts) → onnxruntime-node', 'main/engine/inference/stages.ts', ns('onnxruntime-node')],
  ['library → onnxruntime-node', 'main/engine/library/embedder.ts', ns('onnxruntime-node')],
  ['library/vad.ts → onnxruntime-node (Silero runs through inference/vad.ts)', 'main/engine/library/vad.ts', ns('onnxruntime-node')],
  ['inference/vad.ts → onnxruntime-node', 'main/engine/inference/vad.ts', ns('onnxruntime-node')],
  ['adapt → onnxruntime-node', 'main/engine/adapt/screen.ts', ns('onnxruntime-node')],
  ['library → onnxruntime-node by require', 'main/engine/library/worker.ts', "export const ort: unknown = require('onnxruntime-node');\n"],
  ['media → onnxruntime-node by import()', 'main/engine/media/probe.ts', "export const ort = import('onnxruntime-node');\n"],
  ['eval → onnxruntime-node', 'main/engine/eval/run.ts', ns('onnxruntime-node')],
  ['CLI → onnxruntime-node', 'main/cli/main.ts', ns('onnxruntime-node')],
  ['shell → onnxruntime-node', 'main/shell/main.ts', ns('onnxruntime-node')],
  ['tests → onnxruntime-node', 'tests/inference/x.test.ts', ns('onnxruntime-node')],
  ['scripts → onnxruntime-node', 'scripts/x.mjs', ns('onnxruntime-node')],
  ['renderer → onnxruntime-node', 'renderer/src/x.ts', ns('onnxruntime-node')],
  ['library → inference internals', 'main/engine/library/embedder.ts', ns('../inference/bundle/load')],
  ['library → inference internals (type only)', 'main/engine/library/library.ts', "import type { Target } from '../inference/protocol';\nexport type T = Target;\n"],
  ['library → inference re-export of internals', 'main/engine/library/index.ts', "export { readPool } from '../inference/pool';\n"],
  ['handlers → inference internals', 'main/engine/handlers/inference.ts', ns('../inference/runner')],
  ['CLI → inference internals', 'main/cli/commands/eval.ts', ns('../../engine/inference/runtime')],
  ['bench → inference internals', 'main/bench/cases/inference.ts', ns('../../engine/inference/stages')],
  ['contract → a package', 'main/contract/wire.ts', ns('lodash')],
  ['contract → Node', 'main/contract/wire.ts', ns('node:path')],
  ['contract → engine', 'main/contract/index.ts', ns('../engine/inference')],
  ['contract → zod subpath', 'main/contract/channel.ts', ns('zod/mini')],
  ['contract domain → engine', 'main/contract/domains/inference.ts', ns('../../engine/core/errors')],
  ['contract domain → a package', 'main/contract/domains/inference.ts', ns('ws')],
  ['engine → electron', 'main/engine/host.ts', ns('electron')],
  ['renderer → Node', 'renderer/src/x.ts', ns('node:fs')],
];

// [where, file, code]: the allowed form beside each never.
const allowed: [string, string, string][] = [
  ['backend.ts → onnxruntime-node (the one owner)', 'main/engine/inference/backend.ts', ns('onnxruntime-node')],
  ['samplers → own files', 'main/engine/inference/samplers/ddim.ts', ns('./prediction')],
  ['inference → own internals', 'main/engine/inference/stages.ts', ns('./bundle/load')],
  ['library → inference index', 'main/engine/library/embedder.ts', ns('../inference')],
  ['library/vad.ts → inference index', 'main/engine/library/vad.ts', ns('../inference')],
  ['handlers → inference index', 'main/engine/handlers/inference.ts', ns('../inference')],
  ['CLI → inference index', 'main/cli/commands/eval.ts', ns('../../engine/inference')],
  ['engine → contract domain named inference', 'main/engine/handlers/inference.ts', ns('../../contract/domains/inference')],
  ['contract → zod', 'main/contract/wire.ts', ns('zod')],
  ['contract → own files', 'main/contract/index.ts', ns('./domains/inference')],
  ['contract domain → contract files', 'main/contract/domains/inference.ts', ns('../channel')],
  ['contract domain → sibling', 'main/contract/domains/inference.ts', ns('./project-doc')],
];

describe('eslint layering', () => {
  it.each(forbidden)('%s is an error', async (_where, file, code) => {
    expect(await layeringErrors(file, code)).not.toEqual([]);
  });

  it.each(allowed)('%s is allowed', async (_where, file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('no file but backend.ts may import onnxruntime-node: every other file of the engine is refused', async () => {
    const files = (dir: string): string[] => readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts'))
      .map((d) => path.relative(root, path.join(d.parentPath, d.name)));
    const engine = files('main/engine').filter((f) => f !== 'main/engine/inference/backend.ts');
    expect(engine.length).toBeGreaterThan(100);
    const allowed: string[] = [];
    for (const f of engine) if ((await layeringErrors(f, ns('onnxruntime-node'))).length === 0) allowed.push(f);
    expect(allowed).toEqual([]);
  });
});
