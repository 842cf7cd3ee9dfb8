import { parseArgs } from 'node:util';
import type { ExportResult } from '../../contract/domains/export';
import type { JobProgress } from '../../contract/domains/jobs';
import type { WireError } from '../../contract/errors';
import { EngineError } from '../../engine/core/errors';
import { Engine } from '../../engine/host';
import { UsageError, type CliCommand } from '../command';
import { numberOption } from '../args';

const USAGE =
  'a2s export PROJECT --out DIR [--rate 48000] [--bits 24|32f] [--mux] [--mux-pcm] [--mux-stems] [--rpp] [--otio] ' +
  '[--loudness -23] [--true-peak -1] [--start S] [--end S] [--force] [--json]';

/** `--loudness -23`: node's parseArgs reads "-23" as an option, so glue a negative number to its flag. */
function glueNegatives(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if ((a === '--loudness' || a === '--true-peak' || a === '--start' || a === '--end') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export stems (BWF) + mix, optionally the muxed video, a REAPER .rpp and an OpenTimelineIO file',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: glueNegatives(argv),
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' }, rate: { type: 'string' }, bits: { type: 'string' },
        mux: { type: 'boolean' }, 'mux-pcm': { type: 'boolean' }, 'mux-stems': { type: 'boolean' },
        rpp: { type: 'boolean' }, otio: { type: 'boolean' }, loudness: { type: 'string' }, 'true-peak': { type: 'string' },
        start: { type: 'string' }, end: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, data: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one PROJECT (a NAME.a2s folder)');
    if (!values.out) throw new UsageError('--out DIR is required');
    const bits = values.bits ?? '24';
    if (bits !== '24' && bits !== '32f') throw new UsageError(`--bits must be 24 or 32f, got "${bits}"`);
    const start = numberOption('start', values.start);
    const end = numberOption('end', values.end);
    if ((start === undefined) !== (end === undefined)) throw new UsageError('--start and --end go together');
    const engine = new Engine({ dataDir: values.data });

    // Subscribe before starting, so no event of this job can be missed.
    const finished = new Map<string, { ok: true; result: unknown } | { ok: false; error: WireError }>();
    let waiter: (() => void) | null = null;
    let lastStage = '';
    engine.events.subscribe((event, payload) => {
      if (event === 'job:progress' && !values.json) {
        const p = payload as JobProgress;
        const line = `${Math.round(p.fraction * 100)}% ${p.stage}`;
        if (line !== lastStage) io.err(line);
        lastStage = line;
      }
      if (event === 'job:done' || event === 'job:failed') {
        const p = payload as { jobId: string; result?: unknown; error?: WireError };
        finished.set(p.jobId, event === 'job:done' ? { ok: true, result: p.result } : { ok: false, error: p.error! });
        waiter?.();
      }
    });
    const { jobId } = await engine.call('export:start', {
      projectPath: positionals[0]!,
      outDir: values.out,
      rate: numberOption('rate', values.rate) ?? 48000,
      bits,
      mux: Boolean(values.mux || values['mux-pcm'] || values['mux-stems']),
      muxAudio: values['mux-pcm'] ? 'pcm' : 'aac',
      muxStems: Boolean(values['mux-stems']),
      rpp: Boolean(values.rpp),
      otio: Boolean(values.otio),
      loudness: numberOption('loudness', values.loudness),
      truePeak: numberOption('true-peak', values['true-peak']) ?? -1,
      range: start !== undefined && end !== undefined ? { start, end } : undefined,
      force: Boolean(values.force),
    });
    const cancel = (): void => void engine.call('job:cancel', { jobId });
    process.once('SIGINT', cancel);
    while (!finished.has(jobId)) await new Promise<void>((r) => (waiter = r));
    process.off('SIGINT', cancel);
    const outcome = finished.get(jobId)!;
    if (!outcome.ok) throw new EngineError(outcome.error.code, outcome.error.message, outcome.error.details);
    const r = outcome.result as ExportResult;
    if (values.json) {
      io.out(JSON.stringify({ stems: r.stems.map((s) => ({ track: s.track, path: s.path, seconds: s.seconds })), mix: r.mix, video: r.video, rpp: r.rpp, otio: r.otio, rate: r.rate, bits: r.bits, frames: r.frames, timeReference: r.timeReference, loudness: r.loudness }, null, 2));
    } else {
      for (const s of r.stems) io.out(`stem  ${s.track}: ${s.path}`);
      io.out(`mix   ${r.mix}`);
      for (const [k, v] of [['video', r.video], ['rpp', r.rpp], ['otio', r.otio]] as const) if (v) io.out(`${k.padEnd(5)} ${v}`);
      if (r.loudness) io.out(`loudness: ${r.loudness.measuredLufs?.toFixed(1)} LUFS → ${r.loudness.resultLufs?.toFixed(1)} LUFS (gain ${r.loudness.gainDb.toFixed(2)} dB${r.loudness.limitedByPeak ? ', limited by the true-peak ceiling' : ''}), true peak ${r.loudness.resultTruePeakDb?.toFixed(1)} dBTP`);
    }
    return 0;
  },
};
