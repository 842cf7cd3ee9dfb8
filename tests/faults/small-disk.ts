import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** Folder whose writes hit the limit. */
  dir: string;
  /** 'tmpfs': a real tiny file system (ENOSPC); 'ulimit': RLIMIT_FSIZE on the child (EFBIG), where mounting is not allowed. */
  kind: 'tmpfs' | 'ulimit';
  release(): void;
}

/** A tiny tmpfs when this process may mount one (root on Linux), else a plain folder plus a file-size limit. */
export function smallDisk(kb: number): SmallDisk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-full-'));
  try {
    if (process.env.A2S_FAULTS_NO_MOUNT === '1') throw new Error('mount disabled: exercise the ulimit fallback');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { stdio: 'ignore' });
    return { dir, kind: 'tmpfs', release: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
  } catch {
    return { dir, kind: 'ulimit', release: () => rmSync(dir, { recursive: true, force: true }) };
  }
}

export interface Served {
  child: ChildProcess;
  port: number;
  token: string;
  stop(): Promise<void>;
}

/** `a2s serve` in a real child process; with `fileLimitKb`, under `ulimit -f` so any larger file write fails. */
export async function serveChild(dataDir: string, fileLimitKb?: number): Promise<Served> {
  const cli = path.join(process.cwd(), 'dist', 'cli.cjs');
  const args = [cli, 'serve', '--data', dataDir];
  // dash counts -f in 512-byte blocks.
  const child = fileLimitKb
    ? spawn('/bin/sh', ['-c', `ulimit -f ${fileLimitKb * 2}; exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a2s serve printed no URL in 120 s:\n${output}`)), 120_000); // hang guard
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`a2s serve exited with ${code}:\n${output}`)));
  });
  return {
    child,
    port: Number(url.port),
    token: url.searchParams.get('token')!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
