/**
 * `auto` ambience = retrieval through the clip library (DESIGN §5). The library lands separately; until it exports
 * a retrieval function this returns undefined and the pipeline falls back to the bundle's low-ambient clip.
 */
import type { Retriever } from './condition';

export async function libraryRetriever(_dataDir: string | undefined): Promise<Retriever | undefined> {
  return undefined;
}
