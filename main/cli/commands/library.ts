import path from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../engine/core/errors';
import { defaultEvalDataDir } from '../../engine/eval/paths';
import { evaluateRetrieval, retrievalEvalUnavailable } from '../../engine/library/eval';
import { Engine } from '../../engine/host';
import { getLibrary, type Library } from '../../engine/library';
import { toHit } from '../../engine/handlers/library';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { numberOption } from '../args';

const USAGE = [
  'a2s library import PATH... [--db FILE] [--tag T]... [--batch N] [--json]',
  '       a2s library search (--text Q | --video FILE --start S --end E [--low-ambient] [--diverse] [--from video|audio|both]) [--k N] [--db FILE] [--json]',
  '              [--max-ambient DB] [--min-ambient DB] [--min-dur S] [--max-dur S] [--speech yes|no] [--tag T]... [--licence L]...',
  '       a2s library similar CLIP_ID [--k N] [--db FILE] [--json]',
  '       a2s library relink FOLDER [--db FILE] [--json]',
  '       a2s library stats [--db FILE] [--json]',
  '       a2s library eval [--bundle DIR] [--build DIR] [--split test] [--spans N] [--json]   (retrieval quality on Foley World)',
].join('\n');

const options = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  text: { type: 'string' },
  video: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  'low-ambient': { type: 'boolean' },
  diverse: { type: 'boolean' },
  from: { type: 'string' },
  k: { type: 'string' },
  tag: { type: 'string', multiple: true },
  licence: { type: 'string', multiple: true },
  'max-ambient': { type: 'string' },
  'min-ambient': { type: 'string' },
  'min-dur': { type: 'string' },
  'max-dur': { type: 'string' },
  speech: { type: 'string' },
  batch: { type: 'string' },
  data: { type: 'string' },
  bundle: { type: 'string' },
  build: { type: 'string' },
  split: { type: 'string' },
  spans: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseArgs({ args: argv, options, allowPositionals: true, strict: true });

function print(io: CliIO, json: boolean | undefined, value: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : human());
}

function resultLines(results: { id: number; path: string; score: number; ambientDb: number; speech: boolean; licence: string }[]): string {
  if (results.length === 0) return 'no clips found';
  return results.map((r) => `${String(r.id).padStart(6)}  ${r.score.toFixed(3).padStart(8)}  ${r.ambientDb.toFixed(1).padStart(7)} dB  ${r.speech ? 'speech' : '      '}  ${r.licence.padEnd(14)}  ${r.path}`).join('\n');
}

async function search(lib: Library, v: Values, io: CliIO): Promise<number> {
  const k = numberOption('k', v.k, { int: true, min: 1 }) ?? 10;
  const filters = {
    ambientMaxDb: numberOption('max-ambient', v['max-ambient']),
    ambientMinDb: numberOption('min-ambient', v['min-ambient']),
    durationMin: numberOption('min-dur', v['min-dur'], { min: 0 }),
    durationMax: numberOption('max-dur', v['max-dur'], { min: 0 }),
    speech: v.speech === undefined ? undefined : v.speech === 'yes' ? true : v.speech === 'no' ? false : (() => { throw new UsageError(`--speech must be yes or no, got "${v.speech}"`); })(),
    tags: v.tag,
    licences: v.licence,
  };
  let hits;
  if (v.video !== undefined) {
    if (v.text !== undefined) throw new UsageError('give either --text or --video, not both');
    const start = numberOption('start', v.start, { min: 0 });
    const end = numberOption('end', v.end, { min: 0 });
    if (start === undefined || end === undefined) throw new UsageError('--video needs --start S and --end E (seconds)');
    const from = v.from ?? 'video';
    if (from !== 'video' && from !== 'audio' && from !== 'both') throw new UsageError(`--from must be video, audio or both, got "${from}"`);
    hits = await lib.retrieveForSpan(v.video, start, end, { k, lowAmbient: v['low-ambient'] ?? false, diverse: v.diverse ?? false, from, filters });
  } else {
    if (v['low-ambient'] || v.diverse || v.from) throw new UsageError('--low-ambient, --diverse and --from apply to --video retrieval');
    hits = lib.search({ text: v.text, filters, k }).hits;
  }
  const results = (await lib.checkFiles(hits)).map(toHit).map(({ id, path, score, ambientDb, speech, licence, name, duration, why }) => ({ id, path, score, ambientDb, speech, licence, name, duration, ...(why ? { why } : {}) }));
  print(io, v.json, { results }, () => resultLines(results));
  return 0;
}

/** Retrieval quality on the Foley World test split (see main/engine/library/eval.ts). */
async function evalCommand(v: Values, io: CliIO): Promise<number> {
  const bundleDir = path.resolve(v.bundle ?? path.join('models', 'bundles', 'default'));
  // Default: the shipped test split (5 videos); a larger build (`npm run data:foleyworld -- --splits test`) gives
  // a steadier figure.
  const buildDir = path.resolve(v.build ?? process.env.A2S_FOLEYWORLD_BUILD ?? defaultEvalDataDir() ?? 'assets/eval/foleyworld');
  const why = retrievalEvalUnavailable(bundleDir, buildDir, v.split ?? 'test');
  if (why) throw new EngineError('unavailable', `retrieval evaluation cannot run: ${why}`);
  const r = await evaluateRetrieval({ bundleDir, buildDir, split: v.split, spansPerVideo: numberOption('spans', v.spans, { int: true, min: 1 }) });
  print(io, v.json, r, () => [
    `top-${r.k} right ambience class: ${(100 * r.topK).toFixed(1)}% of ${r.spans} ${r.split} spans (diversified ${(100 * r.topKDiverse).toFixed(1)}%, from the span's own sound ${(100 * r.topKFromAudio).toFixed(1)}%, picture + sound ${(100 * r.topKFromBoth).toFixed(1)}%, top-1 ${(100 * r.top1).toFixed(1)}%, chance ${(100 * r.chance).toFixed(1)}%; target ≥ 80%) — bundle ${r.bundleId}, ${r.seconds.toFixed(0)} s`,
    ...Object.entries(r.perClass).map(([c, p]) => `  ${c.padEnd(8)} ${(100 * p.topK).toFixed(0).padStart(3)}% of ${p.spans}`),
  ].join('\n'));
  return 0;
}

/** `a2s library`: the clip library from the command line (same engine code as the app). */
export const libraryCommand: CliCommand = {
  name: 'library',
  summary: 'import, search and retrieve ambience clips (SQLite library, AV-Sim retrieval)',
  usage: USAGE,
  async run(argv, io) {
    const { values: v, positionals } = parse(argv);
    const [sub, ...rest] = positionals;
    if (sub === 'eval') return evalCommand(v, io);
    const engine = new Engine({ dataDir: v.data });
    // An explicit --db is a library of its own: no starter import into it.
    const needsModels = sub === 'import' || sub === 'similar' || v.video !== undefined;
    const lib = await getLibrary(engine.services, { file: v.db, starter: v.db === undefined, ...(needsModels ? {} : { embedders: [] }) });
    try {
      await lib.idle(); // a first-run starter import finishes before we answer
      switch (sub) {
        case 'import': {
          if (rest.length === 0) throw new UsageError('import needs at least one PATH (file or folder)');
          const batchSize = numberOption('batch', v.batch, { int: true, min: 1 });
          let last = 0;
          const r = await lib.import(rest, {
            tags: v.tag, batchSize,
            onProgress: (p) => {
              if (v.json || Date.now() - last < 1000) return;
              last = Date.now();
              io.err(`imported ${p.done}/${p.total} · ${p.added} new · ${p.duplicates} known · ${p.failed} failed`);
            },
          });
          const { addedIds: _ids, ...report } = r;
          print(io, v.json, report, () => [
            `${r.added} added, ${r.duplicates} already in the library, ${r.relinked} relinked, ${r.failed} failed (${r.seconds.toFixed(1)} s) → ${lib.file}`,
            ...r.errors.map((e) => `  skipped: ${e.error}`),
          ].join('\n'));
          return r.failed > 0 && r.added + r.duplicates + r.relinked === 0 ? 1 : 0;
        }
        case 'search':
          if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
          if (v.text === undefined && v.video === undefined) throw new UsageError('search needs --text Q or --video FILE --start S --end E');
          return await search(lib, v, io);
        case 'similar': {
          const id = numberOption('CLIP_ID', rest[0], { int: true, min: 1 });
          if (id === undefined) throw new UsageError('similar needs a CLIP_ID');
          const results = lib.similar(id, numberOption('k', v.k, { int: true, min: 1 }) ?? 10).map(toHit);
          print(io, v.json, { results }, () => resultLines(results));
          return 0;
        }
        case 'relink': {
          if (!rest[0]) throw new UsageError('relink needs a FOLDER to scan for the missing files');
          const { relinkedIds: _ids, ...r } = await lib.relink(rest[0]);
          print(io, v.json, r, () => `${r.relinked} clips relinked, ${r.stillMissing} still missing (${r.scanned} files scanned)`);
          return 0;
        }
        case 'stats': {
          const s = lib.stats();
          print(io, v.json, s, () => [
            `${s.clips} clips (${(s.totalSeconds / 60).toFixed(1)} min), ${s.missing} missing, ${s.speech} with speech — ${s.file}`,
            ...s.bundles.map((b) => `  ${b.bundleId}: ${b.vectors} vectors`),
            ...s.licences.map((l) => `  ${l.licence || '(no licence)'}: ${l.clips}`),
          ].join('\n'));
          return 0;
        }
        default:
          throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand (import, search, similar, relink, stats)');
      }
    } finally {
      await lib.close();
    }
  },
};
