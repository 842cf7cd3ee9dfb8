import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../engine/host';
import { resolveBundle, activeBundleInfo } from '../../engine/inference/bundle/registry';
import { closeRuntimes } from '../../engine/inference/runtime';
import { defaultEvalDataDir } from '../../engine/eval/paths';
import { runEval } from '../../engine/eval/run';
import { formatTable } from '../../engine/eval/targets';
import { UsageError, type CliCommand } from '../command';
import { numberOption } from '../args';

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
    const guidance = numberOption('guidance', values.guidance);
    const bundle = values.bundle ? resolveBundle(values.bundle, defaultDataDir()) : activeBundleInfo(defaultDataDir());
    const t0 = performance.now();
    try {
      const report = await runEval({
        dataDir,
        set: values.set!,
        limit: numberOption('limit', values.limit, { int: true, min: 1 }) ?? 50,
        bundleDir: bundle.dir,
        steps: numberOption('steps', values.steps, { int: true, min: 1 }),
        guidance,
        seed: numberOption('seed', values.seed, { int: true, min: 0 }) ?? 0,
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
