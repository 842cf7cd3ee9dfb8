/**
 * `media:prepare`: a video above 720p gets its frames proxy built once, in the background, when the editor opens it
 * (issue 20); generation decodes from it once it is ready (media/frames-source.ts). One build per proxy file at a
 * time: opening the same video again while it builds answers with the running job.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EngineServices } from '../core/registry';
import { makeProxy, probe, proxyPathFor, wantsFramesProxy, PROXY_ABOVE } from '../media';

export interface PrepareResult {
  framesProxy: 'ready' | 'building' | 'not-needed';
  path?: string;
  jobId?: string;
  reason: string;
}

const building = new Map<string, string>();

export async function prepareVideo(services: EngineServices, file: string, cacheDir: string): Promise<PrepareResult> {
  const info = await probe(file, { cacheDir });
  const size = info.video ? `${info.video.width}×${info.video.height}` : 'no picture';
  if (!wantsFramesProxy(info)) return { framesProxy: 'not-needed', reason: `${size}: ${PROXY_ABOVE}p or below, decoded as is` };
  const out = proxyPathFor(file, cacheDir, 'frames');
  if (existsSync(out)) return { framesProxy: 'ready', path: out, reason: `${size}: frames proxy ready` };
  const running = building.get(out);
  if (running) return { framesProxy: 'building', path: out, jobId: running, reason: `${size}: frames proxy being built` };
  const { jobId, result } = services.jobs.start('proxy', `frames proxy ${path.basename(file)}`, (job) =>
    makeProxy(file, { cacheDir, kind: 'frames', background: true, signal: job.signal, onProgress: (f) => job.progress(f, 'frames proxy') }),
  );
  building.set(out, jobId);
  void result.catch(() => undefined).finally(() => building.delete(out)); // a failed or cancelled build may be retried
  return { framesProxy: 'building', path: out, jobId, reason: `${size}: frames proxy started` };
}
