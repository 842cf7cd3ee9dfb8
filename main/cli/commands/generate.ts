import { parseArgs } from 'node:util';
import type { EventPayloadOf } from '../../contract';
import type { Ambient, GenerateResult } from '../../contract/domains/inference';
import { EngineError } from '../../engine/core/errors';
import { inferenceRunner } from '../../engine/handlers/inference';
import { Engine } from '../../engine/host';
import { UsageError, type CliCommand } from '../command';
import { numberOption } from '../args';
import { onsetsOption } from '../onsets-option';

const USAGE =
  'a2s generate VIDEO --start S --end E [--ambient auto|low|none|FILE] [--takes N] [--seed N] [--steps N] [--guidance G]\n' +
  '                   [--onsets T1,T2,...|none] [--bundle DIR] [--threads N] [--data DIR] --out DIR [--json]\n' +
  '  --onsets: hits at these times (increasing, inside the span); none or \'\' = no hits; omitted = the bundle\'s timing head';

function ambientOf(v: string | undefined): Ambient {
  if (v === undefined || v === 'auto' || v === 'low' || v === 'none') return { mode: v ?? 'auto' };
  return { mode: 'file', path: v };
}

type Done = EventPayloadOf<'job:done'> | EventPayloadOf<'job:failed'>;

/** `a2s generate` (contract): N takes for a span of a video, through the engine's `generate:start` job. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate N takes of action sound for a span of a video (48 kHz float WAVs + JSON sidecars)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        start: { type: 'string' }, end: { type: 'string' }, ambient: { type: 'string' }, takes: { type: 'string' },
        seed: { type: 'string' }, steps: { type: 'string' }, guidance: { type: 'string' }, onsets: { type: 'string' },
        bundle: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' }, data: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one VIDEO, got ${positionals.length}`);
    const start = numberOption('start', values.start);
    const end = numberOption('end', values.end);
    if (start === undefined || end === undefined) throw new UsageError('--start and --end are required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const onsets = onsetsOption(values.onsets, start, end);

    const engine = new Engine({ dataDir: values.data });
    const finished = new Map<string, Done>();
    let waiting: ((d: Done) => void) | null = null;
    let jobId = '';
    engine.events.subscribe((event, payload) => {
      if (event === 'job:progress' && !values.json) {
        const p = payload as EventPayloadOf<'job:progress'>;
        if (p.jobId === jobId) io.err(`${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.stage}${p.etaSec !== null ? `  (ETA ${p.etaSec.toFixed(0)} s)` : ''}`);
      }
      if (event === 'job:done' || event === 'job:failed') {
        const d = payload as Done;
        finished.set(d.jobId, d);
        if (d.jobId === jobId) waiting?.(d);
      }
    });
    try {
      ({ jobId } = await engine.call('generate:start', {
        video: positionals[0],
        start,
        end,
        ambient: ambientOf(values.ambient),
        takes: numberOption('takes', values.takes, { int: true }),
        seed: numberOption('seed', values.seed, { int: true }),
        steps: numberOption('steps', values.steps, { int: true }),
        guidance: numberOption('guidance', values.guidance),
        onsets,
        bundle: values.bundle,
        threads: numberOption('threads', values.threads, { int: true }),
        outDir: values.out,
      }));
      const cancel = (): void => void engine.call('job:cancel', { jobId });
      process.once('SIGINT', cancel);
      const done = finished.get(jobId) ?? (await new Promise<Done>((r) => (waiting = r)));
      process.off('SIGINT', cancel);
      if ('error' in done) throw new EngineError(done.error.code, done.error.message, done.error.details, done.error.field);
      const result = done.result as GenerateResult;
      if (values.json) io.out(JSON.stringify(result));
      else {
        io.out(`${result.takes.length} take(s) from bundle ${result.bundle} on ${result.provider} in ${result.timings.totalSec.toFixed(1)} s:`);
        for (const t of result.takes) io.out(`  ${t.path}  (${t.seconds.toFixed(3)} s, seed ${t.seed})`);
        io.out(`condition: ${result.condition.mode}${result.condition.clip ? ` ${result.condition.clip}` : ''}${result.condition.note ? ` (${result.condition.note})` : ''}`);
      }
      return 0;
    } finally {
      await inferenceRunner(engine.services).close();
    }
  },
};
