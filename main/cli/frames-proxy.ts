/**
 * `a2s generate --proxy auto|make|off` (issue 20): which file the models decode a video above 720p from, and when
 * its frames proxy is built. `auto`: the proxy once ready; if not, this run decodes the original and a detached
 * `a2s proxy` (nice 15) builds it for the next run, after this one's work. `make`: build it first (batch scripts
 * that generate many spans), `off`: the original, nothing built.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { probe, proxyPathFor, wantsFramesProxy } from '../engine/media';
import { UsageError } from './command';

export type ProxyMode = 'auto' | 'make' | 'off';

/** What `--json` says of the proxy beside `frames` (which file this run decoded). */
export interface ProxyOutcome {
  state: 'ready' | 'made' | 'started' | 'not-needed' | 'off';
  path?: string;
  /** The detached builder (`started`). */
  pid?: number;
}

export function proxyModeOption(v: string | undefined): ProxyMode {
  if (v === undefined) return 'auto';
  if (v === 'auto' || v === 'make' || v === 'off') return v;
  throw new UsageError(`--proxy must be auto, make or off, got "${v}"`);
}

/** Whether this video wants a frames proxy that is not there yet, and where it goes. */
export async function missingProxy(video: string, cacheDir: string): Promise<{ wanted: boolean; path: string | null }> {
  if (!wantsFramesProxy(await probe(video, { cacheDir }))) return { wanted: false, path: null };
  const out = proxyPathFor(video, cacheDir, 'frames');
  return { wanted: true, path: existsSync(out) ? null : out };
}

/** Starts `a2s proxy VIDEO` as a detached process that outlives this one; its pid. */
export function buildInBackground(video: string, dataDir: string): number | undefined {
  const cli = process.argv[1];
  if (!cli) return undefined;
  const child = spawn(process.execPath, [cli, 'proxy', path.resolve(video), '--data', dataDir, '--background'], { detached: true, stdio: 'ignore', windowsHide: true });
  child.unref();
  return child.pid;
}
