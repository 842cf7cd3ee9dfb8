import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import { Limiter, analyseFile, type FileAnalysis } from './analyse-file';
import type { FromWorker, ToWorker } from './worker';

/** Where analysis runs: a worker thread in built code (dist/library-worker.cjs), in-process otherwise (tests). */
export interface Analyser {
  analyse(file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<FileAnalysis>;
  close(): Promise<void>;
}

export function workerFile(): string {
  return path.join(__dirname, 'library-worker.cjs');
}

class InProcess implements Analyser {
  private readonly ffmpeg: Limiter;
  constructor(concurrency: number) {
    this.ffmpeg = new Limiter(concurrency);
  }
  analyse(file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<FileAnalysis> {
    return analyseFile(file, size, windowSamples, this.ffmpeg, signal);
  }
  async close(): Promise<void> {}
}

class InWorker implements Analyser {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (a: FileAnalysis) => void; reject: (e: Error) => void }>();

  constructor(file: string) {
    this.worker = new Worker(file);
    this.worker.on('message', (m: FromWorker) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'cancelled') w.reject(new EngineError('cancelled', 'import cancelled'));
      else w.resolve(m.analysis);
    });
    // A crashed worker fails every file in flight with the reason, instead of hanging the import.
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`library worker exited with code ${code}`)));
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(new EngineError('internal', `import worker failed: ${err.message}`));
    this.waiting.clear();
  }

  analyse(file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<FileAnalysis> {
    if (signal?.aborted) return Promise.reject(new EngineError('cancelled', 'import cancelled'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      signal?.addEventListener('abort', () => this.worker.postMessage({ type: 'cancel' } satisfies ToWorker), { once: true });
      this.worker.postMessage({ type: 'analyse', id, file, size, windowSamples } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** One analysis worker per import (started in ~50 ms); A2S_LIBRARY_WORKER=0 keeps everything in-process. */
export function createAnalyser(concurrency: number): Analyser {
  const file = workerFile();
  if (process.env.A2S_LIBRARY_WORKER !== '0' && existsSync(file)) return new InWorker(file);
  return new InProcess(concurrency);
}
