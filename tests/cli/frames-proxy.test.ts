import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { proxyPathFor } from '../../main/engine/media';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from '../inference/fixtures';

// Issue 20: a video above 720p is decoded from its frames proxy once it exists, and the result says which file was
// decoded. The built CLI (dist/cli.cjs) on 1080p clips made here with ffmpeg testsrc2.
const tmp = tempDir('a2s-cli-proxy-');
const data = path.join(tmp.dir, 'data');
const cacheDir = path.join(data, 'cache');
const base = ['--bundle', TINY_BUNDLE, '--data', data, '--steps', '2', '--threads', '1', '--ambient', 'none', '--start', '0.2', '--end', '2.2', '--json'];

function make1080(name: string, seconds: number): string {
  const file = path.join(tmp.dir, name);
  execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file], { stdio: 'pipe' });
  return file;
}

interface Json {
  frames: { source: string; path: string; width: number; height: number; proxy: string; reason: string };
  framesProxy: { state: string; path?: string; pid?: number };
  takes: { path: string }[];
}

function generate(video: string, ...extra: string[]): Json {
  const r = runCli(['generate', video, ...base, '--out', path.join(tmp.dir, 'out'), ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

let shot = '';
beforeAll(() => {
  shot = make1080('shot 1080.mp4', 3);
});
afterAll(() => rmSync(tmp.dir, { recursive: true, force: true }));

describe('a2s generate on 1080p: which file the picture is decoded from', () => {
  it('--proxy off: the original, nothing built', () => {
    const r = generate(shot, '--proxy', 'off');
    expect(r.frames).toMatchObject({ source: 'original', path: shot, width: 1920, height: 1080, proxy: 'declined' });
    expect(r.framesProxy).toEqual({ state: 'off' });
    expect(existsSync(proxyPathFor(shot, cacheDir, 'frames'))).toBe(false);
  });

  it('--proxy make builds the frames proxy first and decodes it; auto then finds it ready', () => {
    const made = generate(shot, '--proxy', 'make');
    const proxy = proxyPathFor(shot, cacheDir, 'frames');
    expect(made.framesProxy).toEqual({ state: 'made', path: proxy });
    expect(made.frames).toMatchObject({ source: 'proxy', path: proxy, width: 640, height: 360, proxy: 'used' });
    const again = generate(shot);
    expect(again.framesProxy).toEqual({ state: 'ready', path: proxy });
    expect(again.frames.source).toBe('proxy');
    // the sidecar records it too
    expect(JSON.parse(readFileSync(`${again.takes[0]!.path}.json`, 'utf8'))).toMatchObject({ frames: { source: 'proxy' } });
  });

  it('auto without a proxy: this run decodes the original and starts a2s proxy for the next one', () => {
    const other = make1080('second take.mp4', 2.6); // other bytes: proxies are keyed by content
    const r = generate(other);
    const proxy = proxyPathFor(other, cacheDir, 'frames');
    expect(r.frames).toMatchObject({ source: 'original', proxy: 'missing', reason: expect.stringMatching(/no frames proxy yet/) as string });
    expect(r.framesProxy).toMatchObject({ state: 'started', path: proxy, pid: expect.any(Number) as number });
    const pid = r.framesProxy.pid!;
    // The builder is a detached `a2s proxy --background` that outlives the CLI: wait for it to exit (tail --pid
    // returns when the process is gone), then the proxy is there and the next run decodes it.
    execFileSync('tail', [`--pid=${pid}`, '-f', '/dev/null'], { timeout: 120_000 });
    expect(existsSync(proxy)).toBe(true);
    expect(existsSync(`${proxy}.lock`)).toBe(false);
    const again = runCli(['proxy', other, '--data', data, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ kind: 'frames', state: 'ready', path: proxy });
    expect(generate(other).frames).toMatchObject({ source: 'proxy', path: proxy });
  });

  it('a2s proxy takes over the lock of a builder that died, and refuses while a live one holds it', () => {
    const video = make1080('third take.mp4', 2.2);
    const proxy = proxyPathFor(video, cacheDir, 'frames');
    const lock = `${proxy}.lock`;
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, String(process.pid)); // a live holder (this test process)
    expect(JSON.parse(runCli(['proxy', video, '--data', data, '--json']).stdout)).toEqual({ kind: 'frames', state: 'building', path: proxy });
    expect(existsSync(proxy)).toBe(false);
    const dead = spawnSync('true').pid!; // exited and reaped: a builder killed mid-way
    writeFileSync(lock, String(dead));
    const r = runCli(['proxy', video, '--data', data, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ kind: 'frames', state: 'made', path: proxy });
    expect(existsSync(lock)).toBe(false);
  });

  it('a2s proxy says when a video needs none', () => {
    const small = path.join(tmp.dir, 'small.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', small]);
    const r = runCli(['proxy', small, '--data', data, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ kind: 'frames', state: 'not-needed' });
    expect(runCli(['generate', small, ...base, '--out', path.join(tmp.dir, 'out'), '--proxy', 'sometimes']).stderr).toMatch(/--proxy must be auto, make or off/);
  });
});

describe('cold start: probe results kept across runs', () => {
  it('a second run probes neither the video nor its proxy; a changed video is probed again', () => {
    const log = path.join(tmp.dir, 'ffprobe.log');
    const wrapper = path.join(tmp.dir, 'ffprobe-logging');
    const ffprobe = execFileSync('sh', ['-c', 'command -v ffprobe'], { encoding: 'utf8' }).trim();
    writeFileSync(wrapper, ['#!/bin/sh', `echo "$*" >> '${log}'`, `exec '${ffprobe}' "$@"`, ''].join('\n'));
    chmodSync(wrapper, 0o755);
    const fresh = path.join(tmp.dir, 'data-probe');
    const video = make1080('probed.mp4', 2.4);
    const run = (): Json => {
      rmSync(log, { force: true });
      const r = runCli(['generate', video, ...base, '--data', fresh, '--proxy', 'make', '--out', path.join(tmp.dir, 'out')], { env: { A2S_FFPROBE: wrapper } });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Json;
    };
    const probesOf = (file: string): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(file)).length : 0);
    const first = run(); // the CLI's and the worker's probes of the video, the proxy's
    expect(first.frames.source).toBe('proxy');
    expect(probesOf(video)).toBeGreaterThan(0);
    expect(probesOf(first.frames.path)).toBeGreaterThan(0);
    run();
    expect(probesOf(video)).toBe(0);
    expect(probesOf(first.frames.path)).toBe(0);
    const st = statSync(video);
    utimesSync(video, st.atime, new Date(st.mtimeMs + 5000)); // same bytes, a new version: not trusted
    run();
    expect(probesOf(video)).toBeGreaterThan(0);
  });
});

describe('media:prepare (the editor opened a video)', () => {
  it('above 720p: one background proxy job, ready afterwards; 720p and below: not needed', async () => {
    const engine = new Engine({ dataDir: path.join(tmp.dir, 'data-engine') });
    const video = make1080('opened.mp4', 2);
    const done = new Promise<{ jobId: string; result: unknown }>((resolve, reject) => {
      engine.events.subscribe((event, payload) => {
        if (event === 'job:done') resolve(payload as { jobId: string; result: unknown });
        if (event === 'job:failed') reject(new Error(JSON.stringify(payload)));
      });
    });
    const first = await engine.call('media:prepare', { path: video });
    expect(first).toMatchObject({ framesProxy: 'building', jobId: expect.any(String) as string });
    const second = await engine.call('media:prepare', { path: video }); // opened again while it builds: the same job
    expect(second.jobId).toBe(first.jobId);
    const job = await done;
    expect(job.jobId).toBe(first.jobId);
    expect(await engine.call('media:prepare', { path: video })).toMatchObject({ framesProxy: 'ready', path: first.path });
    expect(existsSync(first.path!)).toBe(true);
    const small = path.join(tmp.dir, 'small.mp4');
    expect(await engine.call('media:prepare', { path: small })).toMatchObject({ framesProxy: 'not-needed' });
  });
});
