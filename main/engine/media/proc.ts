import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';

/** Every ffmpeg/ffprobe child we started and that is still alive: killed if the engine process exits. */
const live = new Set<ChildProcess>();
/** Spool folders of children still running: removed with them on exit. */
const spools = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of spools) rmSync(dir, { recursive: true, force: true });
  });
}

export function liveChildren(): number {
  return live.size;
}

/** Process ids of the live children (diagnostics and the exit test). */
export function livePids(): number[] {
  return [...live].map((c) => c.pid).filter((p): p is number => p !== undefined);
}

export interface RunOptions {
  /** The media file this run is about: named in every error. */
  file: string;
  signal?: AbortSignal;
  /** Streamed stdout; when given, stdout is not collected. */
  onStdout?: (chunk: Buffer) => void;
  /** Written to the child's stdin, then stdin is closed. */
  stdin?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Keep only this many bytes of stderr (the end). */
  stderrLimit?: number;
  onStderr?: (text: string) => void;
  /** Called with the child's pid once it runs (e.g. to lower its priority). */
  onSpawn?: (pid: number) => void;
  /**
   * The child writes stdout and stderr to temporary files, read back when it exits (then `onStdout`/`onStderr` get
   * them at once): it never waits on this thread. Through pipes a child stops once 64 KiB sit unread, so work that
   * blocks the thread (a synchronous ONNX Runtime session open in the inference worker) would stop it too; spooled,
   * it runs beside that work (issue 20: a cold generation decodes its first frames while the graphs open).
   */
  spool?: boolean;
}

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a tool as a child owned by the engine: killed on abort (→ `cancelled`) and on process exit. Resolves with
 * the exit code and output whatever the code; a spawn failure becomes `unavailable`.
 */
export function runTool(bin: string, args: string[], opts: RunOptions): Promise<RunResult> {
  installExitHook();
  if (opts.signal?.aborted) return Promise.reject(new EngineError('cancelled', `cancelled: ${opts.file}`));
  if (opts.spool) return runSpooled(bin, args, opts);
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], windowsHide: true });
    live.add(child);
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    const chunks: Buffer[] = [];
    let stderr = '';
    const limit = opts.stderrLimit ?? 64 * 1024;
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : chunks.push(c)));
    child.stderr!.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      opts.onStderr?.(text);
      stderr += text;
      if (stderr.length > limit * 2) stderr = stderr.slice(-limit);
    });
    if (opts.stdin && child.stdin) {
      const sink = child.stdin;
      sink.on('error', () => undefined); // EPIPE when the child exits early: its exit code tells the story
      void (async () => {
        for await (const part of opts.stdin!) {
          if (!sink.write(part)) await new Promise<void>((r) => sink.once('drain', () => r()));
          if (child.exitCode !== null || aborted) break;
        }
        sink.end();
      })().catch(() => sink.destroy());
    }
    const finish = (): void => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      finish();
      reject(new EngineError('unavailable', `cannot run ${bin} for ${opts.file}: ${err.message}. Install ffmpeg or set A2S_FFMPEG/A2S_FFPROBE`));
    });
    child.once('close', (code, sig) => {
      finish();
      if (aborted) return reject(new EngineError('cancelled', `cancelled: ${opts.file}`));
      resolve({ code: code ?? (sig ? 128 : -1), stdout: Buffer.concat(chunks), stderr: stderr.slice(-limit) });
    });
  });
}

/** runTool with `spool`: stdout and stderr go to files in a private temporary folder, removed when read. */
function runSpooled(bin: string, args: string[], opts: RunOptions): Promise<RunResult> {
  if (opts.stdin) throw new EngineError('internal', `runTool: spool takes no stdin (${opts.file})`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-spool-'));
  const outFile = path.join(dir, 'out');
  const errFile = path.join(dir, 'err');
  spools.add(dir);
  const cleanup = (): void => {
    spools.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  let child: ChildProcess;
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  try {
    child = spawn(bin, args, { stdio: ['ignore', out, err], windowsHide: true });
  } catch (e) {
    cleanup();
    throw e;
  } finally {
    closeSync(out); // the child holds its own copies
    closeSync(err);
  }
  live.add(child);
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    child.kill('SIGKILL');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise<RunResult>((resolve, reject) => {
    const finish = (): void => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      finish();
      cleanup();
      reject(new EngineError('unavailable', `cannot run ${bin} for ${opts.file}: ${e.message}. Install ffmpeg or set A2S_FFMPEG/A2S_FFPROBE`));
    });
    child.once('close', (code, sig) => {
      finish();
      try {
        if (aborted) return reject(new EngineError('cancelled', `cancelled: ${opts.file}`));
        const stdout = readFileSync(outFile);
        const text = readFileSync(errFile, 'utf8');
        opts.onStderr?.(text);
        if (opts.onStdout) opts.onStdout(stdout);
        const limit = opts.stderrLimit ?? 64 * 1024;
        resolve({ code: code ?? (sig ? 128 : -1), stdout: opts.onStdout ? Buffer.alloc(0) : stdout, stderr: text.slice(-limit) });
      } catch (e) {
        reject(e instanceof EngineError ? e : new EngineError('internal', `${opts.file}: cannot read ${bin}'s output back: ${(e as Error).message}`, { file: opts.file }));
      } finally {
        cleanup();
      }
    });
  });
}
