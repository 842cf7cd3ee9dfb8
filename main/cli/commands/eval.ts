import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../engine/host';
import { writeFileAtomic } from '../../engine/project';
import { resolveBundle, activeBundleInfo, closeRuntimes } from '../../engine/inference';
import { defaultEvalDataDir } from '../../engine/eval/paths';
import { runEval } from '../../engine/eval/run';
import { defaultRealDataDir } from '../../engine/eval/real/manifest';
import { formatRealReport, runRealEval } from '../../engine/eval/real/run';
import { formatGuideReport, runGuideEval } from '../../engine/eval/guide';
import { formatTable } from '../../engine/eval/targets';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { numberOption } from '../args';

/**
 * `a2s eval` (contract, docs/DESIGN.md §8): writes the methods × metrics table as JSON and prints it. `--set real` scores
 * real clips with their own sound (a folder with a manifest.json, issue 15) instead of a Foley World split;
 * `--class-cond` adds issue 16's condition-class agreement (engine/eval/real/classcond.ts); `--set guide --data DIR`
 * sweeps the guide-track detector's sensitivity on real clips or a Foley World build (engine/eval/guide.ts).
 */
export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'evaluate a bundle on the Foley World test split (or real clips: --set real) through the shipped ONNX pipeline; --set guide: the guide-track detector',
  usage: 'a2s eval [--set test|real|guide] [--limit N] [--json FILE] [--pictures DIR] [--bundle DIR|ID] [--data DIR] [--steps N] [--guidance G] [--seed N] [--static-picture] [--takes N (real)] [--class-cond [--classes A,B] [--class-data DIR] (real)]',
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
        takes: { type: 'string' },
        'class-cond': { type: 'boolean', default: false },
        classes: { type: 'string' },
        'class-data': { type: 'string' },
        'static-picture': { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.set === 'guide') return guideEval(values.data, values.limit, values.json, io);
    const guidance = numberOption('guidance', values.guidance);
    const steps = numberOption('steps', values.steps, { int: true, min: 1 });
    const seed = numberOption('seed', values.seed, { int: true, min: 0 }) ?? 0;
    const limit = numberOption('limit', values.limit, { int: true, min: 1 });
    const takes = numberOption('takes', values.takes, { int: true, min: 1 });
    if (takes !== undefined && values.set !== 'real') throw new UsageError('--takes applies to --set real only');
    if (takes !== undefined && takes > 16) throw new UsageError(`--takes must be an integer in 1..16, got "${values.takes}"`);
    const real = values.set === 'real';
    if (values['static-picture'] && real) throw new UsageError('--static-picture applies to a Foley World split only');
    const classCond = values['class-cond'];
    if ((classCond || values.classes !== undefined || values['class-data'] !== undefined) && !real) throw new UsageError('--class-cond, --classes and --class-data apply to --set real only');
    if ((values.classes !== undefined || values['class-data'] !== undefined) && !classCond) throw new UsageError('--classes and --class-data go with --class-cond');
    const classes = values.classes?.split(',').map((c) => c.trim()).filter(Boolean);
    if (classes && classes.length === 0) throw new UsageError('--classes needs class names, e.g. --classes chop,dig');
    // the condition windows come from the Foley World test set shipped in the repository (never trained on)
    const foleyDir = classCond ? (values['class-data'] ?? defaultEvalDataDir()) : null;
    if (classCond && !foleyDir) throw new UsageError('--class-cond: no Foley World evaluation set found (assets/eval/foleyworld); pass --class-data DIR');
    const dataDir = values.data ?? (real ? defaultRealDataDir() : defaultEvalDataDir());
    if (!dataDir) {
      throw new UsageError(real ? 'no real-footage set found (../shared/data/real-dev); pass --data DIR (a folder with a manifest.json)' : 'no evaluation set found (assets/eval/foleyworld); pass --data DIR with a Foley World build');
    }
    const bundle = values.bundle ? resolveBundle(values.bundle, defaultDataDir()) : activeBundleInfo(defaultDataDir());
    const t0 = performance.now();
    const onProgress = (done: number, total: number, id: string): boolean => process.stderr.write(`\reval ${done + 1}/${total} ${id}          `);
    const finish = (report: object): void => {
      process.stderr.write('\n');
      if (!values.json) return;
      const tmp = `${values.json}.${process.pid}.tmp`; // temp + rename: a reader never sees half a report
      writeFileSync(tmp, JSON.stringify({ ...report, wallSec: (performance.now() - t0) / 1000 }, null, 2));
      renameSync(tmp, values.json);
    };
    try {
      if (real) {
        const report = await runRealEval({ dataDir, limit, bundleDir: bundle.dir, steps, guidance, seed, takes: takes ?? 4, picturesDir: values.pictures, onProgress,
          ...(foleyDir ? { classCond: { foleyDir, classes } } : {}),
        });
        finish(report);
        io.out(`${report.bundle} on real footage ${report.data} (${report.clips} clips, ${report.takes} takes, ${report.steps} steps, guidance ${report.guidance}, ${report.provider})`);
        io.out(formatRealReport(report));
        return 0;
      }
      const report = await runEval({
        dataDir,
        set: values.set!,
        limit: limit ?? 50,
        bundleDir: bundle.dir,
        steps,
        guidance,
        seed,
        picturesDir: values.pictures,
        staticPicture: values['static-picture'],
        onProgress,
      });
      finish(report);
      io.out(`${report.bundle} on ${report.set} (${report.clips} clips, ${report.steps} steps, guidance ${report.guidance}, ${report.provider})`);
      io.out(formatTable(report));
      return 0;
    } finally {
      await closeRuntimes();
    }
  },
};

/** `--set guide --data DIR [--limit N] [--json FILE]`: no bundle, no model; the detector's sensitivity sweep. */
async function guideEval(data: string | undefined, limitArg: string | undefined, json: string | undefined, io: CliIO): Promise<number> {
  if (!data) throw new UsageError('--set guide needs --data DIR: real clips (a folder with a manifest.json) or a Foley World build (long/)');
  const limit = numberOption('limit', limitArg, { int: true, min: 1 });
  const report = await runGuideEval({ dataDir: data, limit, onProgress: (done, total, id) => process.stderr.write(`\reval ${done + 1}/${total} ${id}          `) });
  process.stderr.write('\n');
  if (json) await writeFileAtomic(json, JSON.stringify(report, null, 2));
  io.out(`guide-track detector on ${report.data} (${report.kind}: ${report.clips} ${report.kind === 'real' ? 'clips' : 'spans'}, ${report.onsets} hits); default sensitivity ${report.defaultSensitivity}, best ${report.best}`);
  io.out(formatGuideReport(report));
  return 0;
}
