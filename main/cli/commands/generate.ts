import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ONSET_SENSITIVITY, GenerateResult, type Ambient } from '../../contract/domains/inference';
import { EngineError } from '../../engine/core/errors';
import { inferenceRunner } from '../../engine/handlers/inference';
import { Engine } from '../../engine/host';
import { makeProxy, proxyPathFor } from '../../engine/media';
import { buildInBackground, missingProxy, proxyModeOption, type ProxyMode, type ProxyOutcome } from '../frames-proxy';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { numberOption } from '../args';
import { runJob } from '../job';
import { onsetsOption } from '../onsets-option';

const USAGE =
  'a2s generate VIDEO --start S --end E [--ambient auto|low|none|FILE] [--takes N] [--seed N] [--steps N] [--guidance G]\n' +
  '                   [--onsets T1,T2,...|none | --onsets-from audio [--onset-sensitivity 0..1]]\n' +
  '                   [--bundle DIR] [--threads N] [--proxy auto|make|off] [--data DIR] --out DIR [--json]\n' +
  '  --onsets: hits at these times (increasing, inside the span); none or \'\' = no hits; omitted = the bundle\'s timing head\n' +
  `  --onsets-from audio: hits where the video's own sound has them (the engine's onset detector; sensitivity ${DEFAULT_ONSET_SENSITIVITY} by default)\n` +
  '  --proxy (video above 720p): auto = decode its frames proxy once ready, else the video, and build the proxy in the\n' +
  '          background after this run (nice 15); make = build it first; off = always the video';

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

/** `--proxy make`: the frames proxy built (or found) before the job, progress on stderr unless quiet. */
async function proxyFirst(video: string, cacheDir: string, io: CliIO, quiet: boolean): Promise<ProxyOutcome> {
  const missing = await missingProxy(video, cacheDir);
  if (!missing.wanted) return { state: 'not-needed' };
  if (!missing.path) return { state: 'ready', path: proxyPathFor(video, cacheDir, 'frames') };
  let last = -1;
  const onProgress = quiet ? undefined : (f: number): void => {
    const pct = Math.floor(f * 10) * 10;
    if (pct !== last) io.err(`${String(pct).padStart(3)}%  frames proxy`);
    last = pct;
  };
  return { state: 'made', path: (await makeProxy(video, { cacheDir, kind: 'frames', onProgress })).path };
}

/** After the job: what `frames` says of the proxy, and (auto) the background build of a missing one. */
function proxyAfter(mode: ProxyMode, frames: GenerateResult['frames'], video: string, dataDir: string, made: ProxyOutcome | null): ProxyOutcome {
  if (made) return made;
  if (frames.proxy === 'used') return { state: 'ready', path: frames.path };
  if (frames.proxy !== 'missing') return { state: mode === 'off' && frames.proxy === 'declined' ? 'off' : 'not-needed' };
  const out = proxyPathFor(video, path.join(dataDir, 'cache'), 'frames');
  if (existsSync(out)) return { state: 'ready', path: out }; // built by another process meanwhile
  return { state: 'started', path: out, pid: buildInBackground(video, dataDir) };
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
        proxy: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one VIDEO, got ${positionals.length}`);
    const start = numberOption('start', values.start);
    const end = numberOption('end', values.end);
    if (start === undefined || end === undefined) throw new UsageError('--start and --end are required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const given = onsetsOption(values.onsets, start, end);
    const from = guideOption(values['onsets-from'], values['onset-sensitivity'], given);
    const proxyMode = proxyModeOption(values.proxy);

    const engine = new Engine({ dataDir: values.data });
    const dataDir = engine.services.dataDir;
    try {
      const made = proxyMode === 'make' ? await proxyFirst(positionals[0], path.join(dataDir, 'cache'), io, Boolean(values.json)) : null;
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
        ...(proxyMode === 'off' ? { frames: 'original' as const } : {}),
      };
      // loose: `--json` prints the whole result (its extra fields are additive, contract)
      const result = await runJob(engine, { start: () => engine.call('generate:start', request), result: GenerateResult.loose(), io, quiet: Boolean(values.json) });
      const framesProxy = proxyAfter(proxyMode, result.frames, positionals[0], dataDir, made);
      if (values.json) io.out(JSON.stringify({ ...result, framesProxy }));
      else {
        io.out(`${result.takes.length} take(s) from bundle ${result.bundle} on ${result.provider} in ${result.timings.totalSec.toFixed(1)} s:`);
        for (const t of result.takes) io.out(`  ${t.path}  (${t.seconds.toFixed(3)} s, seed ${t.seed})`);
        io.out(`condition: ${result.condition.mode}${result.condition.clip ? ` ${result.condition.clip}` : ''}${result.condition.note ? ` (${result.condition.note})` : ''}`);
        io.out(`picture: ${result.frames.source} (${result.frames.reason})${framesProxy.state === 'started' ? `; building its frames proxy in the background for the next run: ${framesProxy.path}` : ''}`);
      }
      return 0;
    } finally {
      await inferenceRunner(engine.services).close();
    }
  },
};
