import { parseArgs } from 'node:util';
import { DEFAULT_ONSET_SENSITIVITY, GenerateResult, type Ambient } from '../../contract/domains/inference';
import { EngineError } from '../../engine/core/errors';
import { inferenceRunner } from '../../engine/handlers/inference';
import { Engine } from '../../engine/host';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { numberOption } from '../args';
import { runJob } from '../job';
import { onsetsOption } from '../onsets-option';

const USAGE =
  'a2s generate VIDEO --start S --end E [--ambient auto|low|none|FILE] [--takes N] [--seed N] [--steps N] [--guidance G]\n' +
  '                   [--onsets T1,T2,...|none | --onsets-from audio [--onset-sensitivity 0..1]]\n' +
  '                   [--bundle DIR] [--threads N] [--data DIR] --out DIR [--json]\n' +
  '  --onsets: hits at these times (increasing, inside the span); none or \'\' = no hits; omitted = the bundle\'s timing head\n' +
  `  --onsets-from audio: hits where the video's own sound has them (the engine's onset detector; sensitivity ${DEFAULT_ONSET_SENSITIVITY} by default)`;

function ambientOf(v: string | undefined): Ambient {
  if (v === undefined || v === 'auto' || v === 'low' || v === 'none') return { mode: v ?? 'auto' };
  return { mode: 'file', path: v };
}

/** `--onsets-from audio [--onset-sensitivity S]`; refused beside `--onsets` (two timings for one span). */
function guideOption(from: string | undefined, sensitivity: string | undefined, given: number[] | undefined): { sensitivity: number } | null {
  if (from === undefined) {
    if (sensitivity !== undefined) throw new UsageError('--onset-sensitivity needs --onsets-from audio');
    return null;
  }
  if (from !== 'audio') throw new UsageError(`--onsets-from must be "audio" (the video's own sound), got "${from}"`);
  if (given !== undefined) throw new UsageError('give either --onsets or --onsets-from audio, not both');
  const s = numberOption('onset-sensitivity', sensitivity, { min: 0 }) ?? DEFAULT_ONSET_SENSITIVITY;
  if (s > 1) throw new UsageError(`--onset-sensitivity must be a number from 0 to 1, got "${sensitivity}"`);
  return { sensitivity: s };
}

/** The guide track's onsets for the span; a video without sound is a clear error here (the user asked for its sound). */
async function onsetsFromGuideTrack(engine: Engine, video: string, start: number, end: number, sensitivity: number, io: CliIO, chatty: boolean): Promise<number[]> {
  const r = await engine.call('generate:guideOnsets', { video, start, end, sensitivity });
  if (!r.hasAudio) throw new EngineError('bad-input', `${r.note} (--onsets-from audio; give --onsets or omit it)`, { file: video });
  if (chatty) io.err(`onsets from the guide track (sensitivity ${sensitivity}): ${r.onsets.length ? r.onsets.join(', ') : 'none found, takes get no hits'}`);
  return r.onsets;
}

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
        seed: { type: 'string' }, steps: { type: 'string' }, guidance: { type: 'string' }, onsets: { type: 'string' }, 'onsets-from': { type: 'string' }, 'onset-sensitivity': { type: 'string' },
        bundle: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' }, data: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one VIDEO, got ${positionals.length}`);
    const start = numberOption('start', values.start);
    const end = numberOption('end', values.end);
    if (start === undefined || end === undefined) throw new UsageError('--start and --end are required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const given = onsetsOption(values.onsets, start, end);
    const from = guideOption(values['onsets-from'], values['onset-sensitivity'], given);

    const engine = new Engine({ dataDir: values.data });
    try {
      const onsets = from ? await onsetsFromGuideTrack(engine, positionals[0], start, end, from.sensitivity, io, !values.json) : given;
      const request = {
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
      };
      // loose: `--json` prints the whole result (its extra fields are additive, contract)
      const result = await runJob(engine, { start: () => engine.call('generate:start', request), result: GenerateResult.loose(), io, quiet: Boolean(values.json) });
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
