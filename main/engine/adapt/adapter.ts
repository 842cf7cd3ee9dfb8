/**
 * The adapter bundle's own files: manifest.json (same format as any bundle: the base's fields come from the base at
 * load time, bundle/overlay.ts; here only id, description, baseBundle, the changed graph and its hash, and what the
 * adaptation did) and CARD.md. Written into the staging folder; run.ts renames the folder into place.
 */
import { existsSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AdaptResult } from '../../contract/domains/adapt';
import { sha256File } from '../core/file-hash';
import { BUNDLE_FORMAT, type Manifest } from '../inference';

export type AdaptedGraph = 'motionTiming' | 'videoEncoder';

/**
 * The graph adaptation changes: the timing head generation uses (inference/timing.ts), i.e. the motion timing graph
 * where the bundle has one (with its `motion` frame spec, as bundle/load.ts hasMotionTiming), else the video encoder.
 */
export function adaptedGraph(m: Manifest): AdaptedGraph {
  return m.graphs.motionTiming && m.motion ? 'motionTiming' : 'videoEncoder';
}

export interface AdapterBase {
  readonly id: string;
  readonly dir: string;
  readonly sha256: string;
  readonly manifest: Manifest;
  /**
   * The full bundle the adapter's manifest names as its `baseBundle`: the base itself, or, when the base is a shipped
   * overlay (foleyworld-v4-motion), the bundle under it, with the overlay's other graphs (copied beside the adapted
   * one) and manifest fields (its `motion` spec) carried into the adapter.
   */
  readonly root: { readonly id: string; readonly dir: string; readonly sha256: string; readonly graphs: Manifest['graphs']; readonly fields: Record<string, unknown> };
}

type Report = Omit<AdaptResult, 'dir' | 'id' | 'name'>;

export async function writeManifest(staging: string, name: string, base: AdapterBase, report: Report | null): Promise<void> {
  const key = adaptedGraph(base.manifest);
  const graph = base.manifest.graphs[key]!;
  const graphs = { ...base.root.graphs, [key]: graph };
  const sha256: Record<string, string> = {};
  for (const g of Object.values(graphs)) {
    const file = path.join(staging, g.file);
    if (!existsSync(file)) await copyFile(path.join(base.dir, g.file), file); // a carried overlay graph
    sha256[g.file] = await sha256File(file);
  }
  const manifest = {
    ...base.root.fields,
    format: BUNDLE_FORMAT,
    id: name,
    license: base.manifest.license,
    description: `${base.id} with its timing adapted to ${report ? report.used.length : 'the user\'s'} clip(s) of one shoot`,
    baseBundle: { id: base.root.id, sha256: base.root.sha256, dir: base.root.dir },
    graphs,
    sha256,
    adapter: report ?? undefined,
  };
  await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

const pct = (x: number): string => x.toFixed(3);

const WHAT: Record<AdaptedGraph, string[]> = {
  motionTiming: [
    'the base motion timing net (the timing head: where motion stops) fine-tuned on the clips below, whose own',
    "production sound gave the contact times (the engine's guide-track detector), with a pull toward its base weights",
    'and its calibration offset kept. The video encoder is unchanged, so the denoiser reads the picture as before.',
  ],
  videoEncoder: [
    'the base video encoder with its temporal layers and timing head fine-tuned on the clips below, whose own',
    "production sound gave the contact times (the engine's guide-track detector). The per-frame CNN is frozen and",
    'the video tokens are kept close to the base ones, so the denoiser reads them as before.',
  ],
};

export async function writeCard(staging: string, name: string, base: AdapterBase, r: Report): Promise<void> {
  const key = adaptedGraph(base.manifest);
  const lines = [
    `# ${name}: timing adapted to one shoot`,
    '',
    `An adapter of \`${r.base.id}\` (manifest sha256 \`${r.base.sha256.slice(0, 16)}…\`), made by \`a2s adapt\`. It holds one`,
    `graph, \`${base.manifest.graphs[key]!.file}\` (${key}):`,
    ...WHAT[key],
    ...(base.root.id !== base.id
      ? [`\`${base.id}\` is itself an overlay of \`${base.root.id}\`: this adapter overlays \`${base.root.id}\` directly, with what`,
        `\`${base.id}\` adds beside its timing head carried over; every other graph and the conditioning clips come from`,
        `\`${base.root.id}\`, which must stay installed.`]
      : ['Every other graph and the conditioning clips come from the base bundle, which must stay installed.']),
    '',
    '## Before / after on the held-back footage',
    '',
    'Onset F1 (±50 ms) of the timing head against the onsets detected in the held-back footage\'s own sound:',
    '',
    '| | F1 | precision | recall | predicted | reference |',
    '|---|---|---|---|---|---|',
    `| base | ${pct(r.before.f1)} | ${pct(r.before.precision)} | ${pct(r.before.recall)} | ${r.before.predicted} | ${r.before.reference} |`,
    `| adapter | ${pct(r.after.f1)} | ${pct(r.after.precision)} | ${pct(r.after.recall)} | ${r.after.predicted} | ${r.after.reference} |`,
    '',
    'The reference is the detector on production sound, not hand labels; held-back footage comes from the same shoot.',
    '',
    ...(r.world
      ? ['## Beside the shoot: Foley World', '',
        `Timing-head onset F1 on ${r.world.windows} Foley World test windows (their true contact times), which the adapter never saw:`,
        `base ${pct(r.world.base)}, adapter ${pct(r.world.adapter)} (${r.world.adapter >= r.world.base ? 'not worse than its base' : `${pct(r.world.base - r.world.adapter)} below its base`}).`, '']
      : []),
    ...(r.guard
      ? ['## Guard: kept what the base knew', '',
        `Before training, the base's timing-head onset F1 on ${r.guard.windows} guard windows (${r.guard.seconds.toFixed(0)} s of ${r.guard.videos} Foley World`,
        `val-split videos, later than the rehearsal part and never trained on: ${r.guard.data}) was ${pct(r.guard.base)}. After it, the weights`,
        'base + α·(fine-tuned − base) were tried for each α below (one that fell below the base there, again with its onset',
        'threshold moved by a logit offset, negative = stricter first), and the adapter keeps the best held-back F1 among those whose guard',
        `F1 is not below the base's: **α = ${r.guard.alpha}**, offset ${r.guard.offset}${r.guard.alpha === 0 ? ' (the base\'s own weights: every step toward the fine-tuned ones lost ground on Foley World)' : ''}, guard F1 ${pct(r.guard.adapter)}.`,
        '',
        '| α | offset | held-back F1 | guard F1 | not below the base |',
        '|---|---|---|---|---|',
        ...r.guard.tried.map((t) => `| ${t.alpha} | ${t.offset} | ${pct(t.heldBack)} | ${pct(t.guard)} | ${t.ok ? 'yes' : 'no'} |`),
        '',
        '(Held-back F1 here is the trainer\'s, over windows of the held-back footage; the table above scores whole spans.)', '']
      : []),
    '## Footage',
    '',
    ...r.used.map((u) => `- ${path.basename(u.file)}: ${u.seconds.toFixed(2)} s, ${u.onsets} hits, ${u.role}`),
    ...r.heldBack.map((h) => `- held back: ${path.basename(h.file)} ${h.start.toFixed(2)}–${h.end.toFixed(2)} s`),
    ...(r.skipped.length ? ['', 'Left out:', '', ...r.skipped.map((s) => `- ${s.reason}`)] : []),
    '',
    '## Training',
    '',
    `${r.training.steps} steps (best held-back score at step ${r.training.bestStep}), ${r.training.seconds.toFixed(0)} s of training` +
      (r.training.resumedFrom ? `, resumed from step ${r.training.resumedFrom}` : '') + '.',
    ...(r.training.trainings && r.training.trainings.length > 1
      ? ['', `Trainings: ${r.training.trainings.map((t) => `onset-frame weight ${t.posWeight} (${t.steps} steps, held-back F1 ${t.heldBack.toFixed(3)})`).join('; ')}. The first kept no held-back gain under the Foley World guard, so a more conservative one ran; the one with weight ${r.training.posWeight} was kept.`]
      : []),
    '',
    r.rehearsal
      ? `Foley World rehearsal: ${pct(r.rehearsal.share)} of each training batch came from ${r.rehearsal.windows} windows of ${r.rehearsal.videos} Foley World videos (${r.rehearsal.seconds.toFixed(0)} s, a non-test split: ${r.rehearsal.data}), so the head keeps what the base knew; they were never held back or scored.`
      : 'Foley World rehearsal: off (no rehearsal set installed, or turned off): only the footage above trained the head.',
    '',
  ];
  await writeFile(path.join(staging, 'CARD.md'), lines.join('\n'));
}
