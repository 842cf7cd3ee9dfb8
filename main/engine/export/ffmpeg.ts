import { spawn } from 'node:child_process';
import { EngineError } from '../core/errors';

/**
 * Runs ffmpeg for the export (loudness measurement, mux); killed on cancel. Resolves with stderr on exit code 0,
 * otherwise an EngineError naming `about` (the file) with ffmpeg's last lines.
 */
export function runFfmpeg(args: string[], about: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) return Promise.reject(new EngineError('cancelled', `export cancelled (${about})`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.A2S_FFMPEG ?? 'ffmpeg', ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    const onAbort = (): void => void child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (stderr.length > 256 * 1024) stderr = stderr.slice(-128 * 1024);
    });
    child.once('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new EngineError('unavailable', `ffmpeg could not start (${err.message}); install ffmpeg or set A2S_FFMPEG`));
    });
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new EngineError('cancelled', `export cancelled (${about})`));
      if (code === 0) return resolve(stderr);
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new EngineError('bad-input', `ffmpeg failed on "${about}": ${tail}`, { file: about }));
    });
  });
}
