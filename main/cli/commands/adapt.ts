import path from 'node:path';
import { parseArgs } from 'node:util';
import { AdaptResult } from '../../contract/domains/adapt';
import { Engine } from '../../engine/host';
import { numberOption } from '../args';
import { UsageError, type CliCommand } from '../command';
import { runJob } from '../job';

const USAGE = 'a2s adapt FOLDER_OR_FILES... --out NAME [--minutes 4] [--base BUNDLE] [--seed N] [--max-steps N] [--force] [--json] [--data DIR]';

export const adaptCommand: CliCommand = {
  name: 'adapt',
  summary: "fine-tune the timing head on this shoot's clips with production sound → an adapter bundle NAME",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' }, minutes: { type: 'string' }, base: { type: 'string' }, seed: { type: 'string' },
        'max-steps': { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, data: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('give the clips: video files and/or folders of them');
    if (!values.out) throw new UsageError('--out NAME is required (the adapter bundle is written to <data>/bundles/NAME)');
    const engine = new Engine({ dataDir: values.data });
    const request = {
      inputs: positionals,
      name: values.out,
      minutes: numberOption('minutes', values.minutes, { min: 0.05 }) ?? 4,
      base: values.base,
      seed: numberOption('seed', values.seed, { int: true, min: 0 }) ?? 0,
      maxSteps: numberOption('max-steps', values['max-steps'], { int: true, min: 1 }),
      force: Boolean(values.force),
    };
    const r = await runJob(engine, {
      start: () => engine.call('adapt:start', request),
      result: AdaptResult,
      io,
      quiet: Boolean(values.json),
      afterFailure: (e) => (e.code === 'cancelled' || e.code === 'internal' ? ' — no adapter was written; the same command resumes from the last checkpoint' : ''),
    });
    if (values.json) {
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    for (const s of r.skipped) io.out(`skipped ${s.reason}`);
    io.out(`adapter ${r.id}: ${r.dir} (base ${r.base.id})`);
    io.out(`held back: ${r.heldBack.map((h) => `${path.basename(h.file)} ${h.start.toFixed(2)}–${h.end.toFixed(2)} s`).join(', ')}`);
    io.out(`timing-head onset F1 on held-back footage: base ${r.before.f1.toFixed(3)} → adapter ${r.after.f1.toFixed(3)}`);
    io.out(`training: ${r.training.steps} steps, best at ${r.training.bestStep}, ${r.training.seconds.toFixed(0)} s`);
    if (r.training.trainings && r.training.trainings.length > 1) {
      io.out(`trainings: ${r.training.trainings.map((t) => `onset weight ${t.posWeight}: held-back F1 ${t.heldBack.toFixed(3)}`).join(', ')} (the first kept no held-back gain under the guard); kept weight ${r.training.posWeight}`);
    }
    if (r.world) io.out(`timing-head onset F1 on ${r.world.windows} Foley World test windows (not this shoot): base ${r.world.base.toFixed(3)} → adapter ${r.world.adapter.toFixed(3)}`);
    if (r.guard) io.out(`Foley World guard (${r.guard.windows} val-split windows never trained on): base ${r.guard.base.toFixed(3)} → adapter ${r.guard.adapter.toFixed(3)}, kept α ${r.guard.alpha} of the fine-tuned step${r.guard.offset ? `, onset threshold moved by ${r.guard.offset} (logit)` : ''} (${r.guard.tried.map((t) => `${t.alpha}${t.offset ? `${t.offset > 0 ? '+' : ''}${t.offset}` : ''}: ${t.ok ? 'ok' : 'below'}`).join(', ')})`);
    if (r.rehearsal !== undefined) io.out(r.rehearsal ? `Foley World rehearsal: ${Math.round(r.rehearsal.share * 100)} % of each batch from ${r.rehearsal.windows} windows (${r.rehearsal.data})` : 'Foley World rehearsal: off');
    return 0;
  },
};
