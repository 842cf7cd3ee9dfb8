import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MissingMedia } from '../../contract/domains/project';
import type { ConditionSource, MediaRef, ProjectDoc } from '../../contract/domains/project-doc';

/** One place in the document that points at a file. `set` rewrites it (relink). */
export interface MediaSlot {
  kind: MissingMedia['kind'];
  where: string;
  ref: { path: string; sha256?: string };
  set(newPath: string): void;
}

/** Every file reference of the document, in a stable order (video, clips, then per span its condition and takes). */
export function mediaSlots(doc: ProjectDoc): MediaSlot[] {
  const slots: MediaSlot[] = [];
  const add = (kind: MediaSlot['kind'], where: string, ref: MediaRef | { path: string; sha256?: string }): void => {
    slots.push({ kind, where, ref, set: (p) => void (ref.path = p) });
  };
  // A condition counts when it is a file the project depends on: a library clip's or a plain file. A bundle's own
  // clip lives in the model bundle, and an old library reference the library could not resolve has no path: neither
  // is media of the project (they would show as missing files that no folder can relink).
  const addCondition = (where: string, src: ConditionSource | null | undefined): void => {
    if (!src || src.kind === 'bundle' || src.path === undefined) return;
    const ref = { path: src.path, ...(src.sha256 !== undefined ? { sha256: src.sha256 } : {}) };
    slots.push({ kind: 'condition', where, ref, set: (p) => void (src.path = ref.path = p) });
  };
  if (doc.video) add('video', 'video', doc.video);
  for (const clip of doc.clips) add('clip', `clip:${clip.id}`, clip.source);
  for (const span of doc.spans) {
    addCondition(`span:${span.id}/condition`, span.condition.source);
    for (const take of span.takes) {
      add('take', `span:${span.id}/take:${take.id}`, take);
      addCondition(`span:${span.id}/take:${take.id}/condition`, take.condition?.source);
    }
  }
  return slots;
}

/** Paths are absolute, or relative to the project folder (renders/…). */
export function resolveMedia(projectDir: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(projectDir, p);
}

/** The references whose files are not there, grouped by path (one entry per file, every place that uses it). */
export function findMissing(projectDir: string, doc: ProjectDoc): MissingMedia[] {
  const byPath = new Map<string, MissingMedia>();
  for (const slot of mediaSlots(doc)) {
    if (existsSync(resolveMedia(projectDir, slot.ref.path))) continue;
    const entry = byPath.get(slot.ref.path);
    if (entry) {
      entry.where.push(slot.where);
      entry.sha256 ??= slot.ref.sha256;
    } else {
      byPath.set(slot.ref.path, { path: slot.ref.path, sha256: slot.ref.sha256, kind: slot.kind, where: [slot.where] });
    }
  }
  return [...byPath.values()].map((m) => (m.sha256 === undefined ? { path: m.path, kind: m.kind, where: m.where } : m));
}
