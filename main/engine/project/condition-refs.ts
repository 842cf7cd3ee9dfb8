import type { ConditionSource, ProjectDoc } from '../../contract/domains/project-doc';

/** What the library knows of one clip, enough to point a condition at its file. */
export interface LibraryClipFacts {
  path: string;
  sha256: string;
  name: string;
}

/** Library condition references with no file: old documents stored the clip's id where its path belonged. */
export function unresolvedLibraryRefs(doc: ProjectDoc): Extract<ConditionSource, { kind: 'library' }>[] {
  const out: Extract<ConditionSource, { kind: 'library' }>[] = [];
  const visit = (src: ConditionSource | null | undefined): void => {
    if (src?.kind === 'library' && src.path === undefined) out.push(src);
  };
  for (const span of doc.spans) {
    visit(span.condition.source);
    for (const take of span.takes) visit(take.condition?.source);
  }
  return out;
}

/**
 * Fills those references from the library (path, hash, name), in place; an id the library does not have stays a
 * reference without a file (shown by name, never reported as missing media). Returns how many were resolved.
 */
export function resolveLibraryRefs(doc: ProjectDoc, lookup: (id: number) => LibraryClipFacts | null): number {
  let resolved = 0;
  for (const ref of unresolvedLibraryRefs(doc)) {
    const clip = lookup(ref.clipId);
    if (!clip) continue;
    ref.path = clip.path;
    ref.sha256 = clip.sha256;
    ref.name = clip.name;
    resolved++;
  }
  return resolved;
}
