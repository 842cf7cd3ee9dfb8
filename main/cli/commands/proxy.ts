import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../engine/host';
import { makeProxy, probe, proxyPathFor, wantsFramesProxy, PROXY_ABOVE } from '../../engine/media';
import { UsageError, type CliCommand } from '../command';

const USAGE = 'a2s proxy VIDEO [--kind frames|playback] [--data DIR] [--json]\n' +
  `  frames (default): what generation decodes the picture from for a video above ${PROXY_ABOVE}p (≤360p, same frame times)\n` +
  '  playback: what the editor plays for a codec Chromium cannot (≤720p H.264 + AAC)';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One builder per proxy across processes: `<proxy>.lock` holds its pid; a dead holder's lock is taken over. */
function lock(out: string): (() => void) | null {
  const file = `${out}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch {
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return null;
      rmSync(file, { force: true });
    }
  }
  return null;
}

/** `a2s proxy`: builds a video's proxy into `<dataDir>/cache/proxies` (what `a2s generate --proxy auto` starts). */
export const proxyCommand: CliCommand = {
  name: 'proxy',
  summary: `build a video's proxy: the small copy generation decodes from above ${PROXY_ABOVE}p (frames) or the editor plays (playback)`,
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { kind: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' }, background: { type: 'boolean' } },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one VIDEO, got ${positionals.length}`);
    const kind = values.kind ?? 'frames';
    if (kind !== 'frames' && kind !== 'playback') throw new UsageError(`--kind must be frames or playback, got "${kind}"`);
    const video = path.resolve(positionals[0]);
    const cacheDir = path.join(values.data ?? defaultDataDir(), 'cache');
    const report = (o: Record<string, unknown>, line: string): number => {
      if (values.json) io.out(JSON.stringify(o));
      else io.out(line);
      return 0;
    };
    if (kind === 'frames' && !wantsFramesProxy(await probe(video, { cacheDir }))) {
      return report({ kind, state: 'not-needed' }, `${video}: ${PROXY_ABOVE}p or below — generation decodes it as is, no frames proxy needed`);
    }
    const out = proxyPathFor(video, cacheDir, kind);
    const unlock = lock(out);
    if (!unlock) return report({ kind, state: 'building', path: out }, `${out}: another a2s process is building it`);
    try {
      let last = -1;
      const onProgress = values.json || values.background ? undefined : (f: number): void => {
        const pct = Math.floor(f * 10) * 10;
        if (pct !== last) io.err(`${String(pct).padStart(3)}%  ${kind} proxy`);
        last = pct;
      };
      const made = await makeProxy(video, { cacheDir, kind, background: values.background, onProgress });
      return report({ kind, state: made.cached ? 'ready' : 'made', path: made.path }, `${made.path}${made.cached ? ' (already built)' : ''}`);
    } finally {
      unlock();
    }
  },
};
