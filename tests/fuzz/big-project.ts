import { createHash } from 'node:crypto';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The largest `project:save` a real user would send: a two-hour film cut into 400 generated spans of 4 takes each,
 * ~40 predicted onsets per span (a busy 10 s span), 200 library clips and 100 markers. Built from plain objects (no
 * renderer code) with conditions that every document version accepts (`source: null`).
 */
export function bigProjectDoc(name: string): Record<string, unknown> {
  const now = '2026-12-02T08:00:00.000Z';
  const spans = Array.from({ length: 400 }, (_, s) => {
    const start = s * 18;
    const takes = Array.from({ length: 4 }, (_, t) => ({
      id: `take-${s}-${t}`,
      path: `renders/span-${s}-take-${t}-seed-${1000 + t}.wav`,
      sha256: sha(`${s}/${t}`),
      seed: 1000 + t,
      seconds: 10,
      createdAt: now,
      bundleId: 'default-foleyworld-v3',
      condition: { mode: 'joint', source: null, score: 0.8123456789 },
    }));
    return {
      id: `span-${s}`,
      trackId: 'action-1',
      start,
      end: start + 10,
      condition: { mode: 'joint', source: null },
      onsets: null,
      predictedOnsets: Array.from({ length: 40 }, (_, k) => start + k * 0.2468013579),
      settings: { takes: 4, seed: 1000, steps: 25, guidance: 3 },
      takes,
      activeTakeId: `take-${s}-0`,
      gainDb: 0,
      fadeIn: 0.005,
      fadeOut: 0.02,
    };
  });
  const clips = Array.from({ length: 200 }, (_, c) => ({
    id: `clip-${c}`,
    trackId: 'ambient-1',
    source: { path: `/home/someone/Sound Library/Ambience/Forest/forest_morning_birds_${c}.wav`, sha256: sha(`clip${c}`) },
    start: c * 36,
    duration: 36,
    offset: 0,
    gainDb: -6,
    fadeIn: 0.5,
    fadeOut: 0.5,
    loop: true,
    loopCrossfade: 0.5,
    libraryClipId: c + 1,
    label: `forest morning birds ${c}`,
  }));
  return {
    format: 'a2s-project/1',
    name,
    created: now,
    modified: now,
    video: null,
    sampleRate: 48000,
    tracks: [
      { id: 'action-1', kind: 'action', name: 'Action', gainDb: 0, mute: false, solo: false },
      { id: 'ambient-1', kind: 'ambient', name: 'Ambience', gainDb: 0, mute: false, solo: false },
    ],
    clips,
    spans,
    markers: Array.from({ length: 100 }, (_, m) => ({ id: `m${m}`, time: m * 72, label: `scene ${m}` })),
  };
}
