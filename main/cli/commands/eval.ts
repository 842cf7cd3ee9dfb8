import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../engine/host';
import { resolveBundle, activeBundleInfo } from '../../engine/inference/bundle/registry';
import { closeRuntimes } from '../../engine/inference/runtime';
import { defaultEvalDataDir } from '../../engine/eval/paths';
import { runEval } from '../../engine/eval/run';
import { formatTable } from '../../engine/eval/targets';
import { UsageError, type CliCommand } from '../command';

function int(name: string, v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

/** `a2s eval` (contract, DESIGN §8): writes the methods × metrics table as JSON and prints it. */
export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'evaluate a bundle on the Foley World test split through the shipped ONNX pipeline',
  usage: 'a2s eval [--set test] [--limit N] [--json FILE] [--pictures DIR] [--bundle DIR|ID] [--data DIR] [--steps N] [--guidance G] [--seed N]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        set: { type: 'string', default: 'test' },
        limit: { type: 'string' },
        json: { type: 'string' },
        pictures: { type: 'string' },
        bundle: { type: 'string' },
        data: { type: 'string' },
        steps: { type: 'string' },
        guidance: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    });
    const dataDir = values.data ?? defaultEvalDataDir();
    if (!dataDir) throw new UsageError('no evaluation set found (assets/eval/foleyworld); pass --data DIR with a Foley World build');
    const guidance = values.guidance === undefined ? undefined : Number(values.guidance);
    if (guidance !== undefined && !Number.isFinite(guidance)) throw new UsageError(`--guidance must be a number, got "${values.guidance}"`);
    const bundle = values.bundle ? resolveBundle(values.bundle, defaultDataDir()) : activeBundleInfo(defaultDataDir());
    const t0 = performance.now();
    try {
      const report = await runEval({
        dataDir,
        set: values.set!,
        limit: int('limit', values.limit, 50),
        bundleDir: bundle.dir,
        steps: values.steps === undefined ? undefined : int('steps', values.steps, 25),
        guidance,
        seed: values.seed === undefined ? 0 : int('seed', values.seed, 0),
        picturesDir: values.pictures,
        onProgress: (done, total, id) => process.stderr.write(`\reval ${done + 1}/${total} ${id}          `),
      });
      process.stderr.write('\n');
      const out = { ...report, wallSec: (performance.now() - t0) / 1000 };
      if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2));
      io.out(`${report.bundle} on ${report.set} (${report.clips} clips, ${report.steps} steps, guidance ${report.guidance}, ${report.provider})`);
      io.out(formatTable(report));
      return 0;
    } finally {
      await closeRuntimes();
    }
  },
};
