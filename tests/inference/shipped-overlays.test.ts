import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPinnedBase, manifestHash } from '../../main/engine/inference/bundle/overlay';

/**
 * A shipped overlay (e.g. foleyworld-v4-motion) pins its base by the sha256 of the base's manifest.json, and that
 * manifest lists the sha256 of the base's CARD.md: editing a shipped base's CARD (or anything its manifest hashes)
 * makes every overlay and user adapter made on it refuse to load, unless the new manifest lists the old one's hash in
 * `supersedes` (same graphs). This says so by name, before any runtime opens.
 */
const BUNDLES = 'models/bundles';

function manifests(): { dir: string; raw: { id: string; baseBundle?: { id: string; sha256: string } } }[] {
  return readdirSync(BUNDLES)
    .map((d) => path.join(BUNDLES, d))
    .filter((d) => existsSync(path.join(d, 'manifest.json')))
    .map((dir) => ({ dir, raw: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { id: string; baseBundle?: { id: string; sha256: string } } }));
}

describe('shipped overlays match the shipped bases they pin', () => {
  const all = manifests();
  const overlays = all.filter((m) => m.raw.baseBundle);
  it.each(overlays.map((o) => [path.basename(o.dir), o] as const))('%s', (_name, o) => {
    const base = all.find((m) => m.raw.id === o.raw.baseBundle!.id && !m.raw.baseBundle);
    expect(base, `no shipped bundle with id ${o.raw.baseBundle!.id}`).toBeDefined();
    const pin = o.raw.baseBundle!.sha256;
    expect(isPinnedBase(base!.dir, pin), `${base!.dir}/manifest.json (sha256 ${manifestHash(base!.dir)}) no longer hashes to what ${o.dir} pins (${pin}) and does not list it in "supersedes": a change to the base (its CARD.md included) breaks its adapters; revert it, add the old hash to "supersedes" if the graphs are the same, or re-pin the overlay if the base really changed`).toBe(true);
  });
});
