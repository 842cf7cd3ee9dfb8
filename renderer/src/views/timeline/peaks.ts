import { useEffect, useState } from 'react';
import type { Peaks } from '../../api/engine';
import { resolveMediaPath } from '../../api/paths';
import type { Editor } from '../../app/editor';

const cache = new Map<string, Promise<Peaks>>();

/** Min/max per bucket from decoded audio: the fallback when the engine has no peaks for a file. */
export function peaksFromBuffer(buf: { sampleRate: number; numberOfChannels: number; getChannelData(c: number): Float32Array }, perSecond = 200): Peaks {
  const hop = Math.max(1, Math.round(buf.sampleRate / perSecond));
  const ch = buf.getChannelData(0);
  const n = Math.ceil(ch.length / hop);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = 0;
    for (let j = i * hop, end = Math.min(ch.length, j + hop); j < end; j++) {
      const v = ch[j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[i] = lo;
    max[i] = hi;
  }
  return { perSecond: buf.sampleRate / hop, min, max };
}

/** Engine peaks (`media:peaks`) for a file, else peaks computed from the mixer's decoded buffer; cached per path. */
export function loadPeaks(e: Editor, path: string, allowDecode = true): Promise<Peaks> {
  const abs = resolveMediaPath(path, e.project.get().path);
  let p = cache.get(abs);
  if (!p) {
    p = e.api.peaks(abs, allowDecode ? 256 : 1024).catch(async (err: unknown) => {
      if (!allowDecode) throw err;
      return peaksFromBuffer((await e.mixer.loadBuffer(path)).get()!);
    });
    p.catch(() => cache.delete(abs));
    cache.set(abs, p);
  }
  return p;
}

/** Peaks of several files (a lane's clips and takes); the map fills in as they arrive. */
export function usePeaksMany(e: Editor, paths: readonly string[], allowDecode = true): ReadonlyMap<string, Peaks> {
  const [map, setMap] = useState<ReadonlyMap<string, Peaks>>(new Map());
  const key = [...new Set(paths)].sort().join('\n');
  useEffect(() => {
    let live = true;
    for (const path of key ? key.split('\n') : []) {
      loadPeaks(e, path, allowDecode).then((p) => live && setMap((m) => (m.get(path) === p ? m : new Map(m).set(path, p))), () => undefined);
    }
    return () => {
      live = false;
    };
  }, [e, key, allowDecode]);
  return map;
}

export function usePeaks(e: Editor, path: string | null, allowDecode = true): Peaks | null {
  const [peaks, setPeaks] = useState<Peaks | null>(null);
  useEffect(() => {
    if (!path) return;
    let live = true;
    const p = loadPeaks(e, path, allowDecode);
    p.then((x) => live && setPeaks(x), () => undefined);
    return () => {
      live = false;
    };
  }, [e, path, allowDecode]);
  return path ? peaks : null;
}
