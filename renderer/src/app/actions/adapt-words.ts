/**
 * "Adapt to this project's footage" (issue 22), the parts without the engine: which of the project's files to
 * learn from, a free adapter name, and what the result and the failures mean in plain words.
 */
import type { AdaptResult } from '../../../../main/contract/domains/adapt';
import type { ProjectDoc } from '../../../../main/contract/domains/project-doc';
import { baseName, resolveMediaPath, stem } from '../../api/paths';

/** Extensions adapt treats as video (as the engine's adapt/inputs.ts does for folders). */
const VIDEO = /\.(mp4|mov|m4v|mkv|avi|webm|mxf|mts|m2ts|mpg|mpeg|wmv|dv)$/i;

export interface AdaptSources {
  /** Absolute paths to send: the picture if it has sound, and video files placed on tracks (their sound is checked by the engine). */
  files: string[];
  /** Why there is nothing to send (shown instead of starting), or null. */
  problem: string | null;
}

export function adaptSources(doc: Pick<ProjectDoc, 'video' | 'clips'>, projectPath: string | null): AdaptSources {
  if (!doc.video) return { files: [], problem: "Open a video first: adapting learns this shoot's timing from its footage and the footage's own sound." };
  const files: string[] = [];
  if (doc.video.hasAudio) files.push(resolveMediaPath(doc.video.path, projectPath));
  for (const c of doc.clips) {
    const p = resolveMediaPath(c.source.path, projectPath);
    if (VIDEO.test(p) && !files.includes(p)) files.push(p);
  }
  if (files.length === 0) {
    return {
      files,
      problem: `${baseName(doc.video.path)} has no sound of its own. Adapting learns when hits happen from the production sound recorded with the picture: ` +
        'add shots of this shoot that still have their sound (even noisy or unusable in the mix), or run `a2s adapt` on a folder of them.',
    };
  }
  return { files, problem: null };
}

/** `<video stem>-adapted`, made a valid adapter name (letters, digits, . _ -) and not one of `taken` (-2, -3, …). */
export function adapterName(videoPath: string | null, taken: ReadonlySet<string>): string {
  const slug = (videoPath ? stem(videoPath) : 'shoot').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 40) || 'shoot';
  const first = `${slug}-adapted`;
  if (!taken.has(first)) return first;
  for (let i = 2; ; i++) if (!taken.has(`${first}-${i}`)) return `${first}-${i}`;
}

const f1 = (x: number): string => x.toFixed(2);

/** The Foley World check: does the adapter still place hits on footage unlike this shoot? */
function worldWords(w: NonNullable<AdaptResult['world']>): string {
  const drop = w.base - w.adapter;
  const verdict = drop > 0.02 ? `${f1(drop)} worse than the base there: prefer the base for footage unlike this shoot` : 'about as good as the base or better';
  return `On ${w.windows} Foley World test clips (not this shoot), onset F1 ${f1(w.base)} before and ${f1(w.adapter)} after: ${verdict}.`;
}

/** The guard: how much of the fine-tuning was kept so that Foley World footage it never trained on stayed as good. */
function guardWords(g: NonNullable<AdaptResult['guard']>): string {
  const kept = g.alpha >= 1 ? 'all of the fine-tuning was kept' : g.alpha <= 0 ? 'none of the fine-tuning could be kept (the adapter is the base\'s head)' : `${Math.round(g.alpha * 100)} % of the fine-tuning was kept`;
  const moved = g.offset && g.alpha > 0 ? `, with its hit threshold ${g.offset < 0 ? 'raised' : 'lowered'} a little` : '';
  return `Checked on ${g.windows} Foley World clips it never trained on: ${kept}${moved}, so onset F1 there is ${f1(g.adapter)} (base ${f1(g.base)}).`;
}

/** The before/after of the job result, as a sentence a sound designer can act on. */
export function resultWords(r: AdaptResult): { headline: string; details: string[] } {
  const gain = r.after.f1 - r.before.f1;
  const verdict = gain >= 0.05
    ? 'The adapter places hits better on this shoot: use it for generation.'
    : gain <= -0.05
      ? 'The adapter is worse on this footage than the bundle it started from: keep generating with the base bundle.'
      : 'The adapter places hits about as well as the bundle it started from.';
  const held = r.heldBack.map((h) => `${baseName(h.file)} ${h.start.toFixed(1)}–${h.end.toFixed(1)} s`).join(', ');
  const details = [
    `On footage held back from training (${held}), the timing head matched the hits heard in its own sound with onset F1 ` +
      `${f1(r.before.f1)} before and ${f1(r.after.f1)} after (${gain >= 0 ? '+' : '−'}${f1(Math.abs(gain))}; 1.00 = every hit within 50 ms and none extra).`,
    `Learnt from ${r.used.length} clip${r.used.length === 1 ? '' : 's'} in ${r.training.steps} steps (${Math.round(r.training.seconds)} s of training)` +
      (r.training.resumedFrom ? `, resumed from step ${r.training.resumedFrom}` : '') + '.',
    ...(r.training.trainings && r.training.trainings.length > 1
      ? [r.training.posWeight === r.training.trainings[0]!.posWeight
        ? 'A second, more cautious training also ran, as the first kept no gain on the held-back footage; the first was kept.'
        : 'The first training fired too readily on Foley World footage to keep a gain on the held-back footage, so a second, more cautious one ran and was kept.']
      : []),
    ...r.skipped.map((s) => `Left out: ${s.reason}.`),
    ...(r.world ? [worldWords(r.world)] : []),
    ...(r.guard ? [guardWords(r.guard)] : []),
    ...(r.rehearsal ? [`Foley World clips made up ${Math.round(r.rehearsal.share * 100)} % of each training batch, so it keeps what the base knew.`] : []),
  ];
  return { headline: `${verdict} Onset F1 ${f1(r.before.f1)} → ${f1(r.after.f1)}.`, details };
}

/** A failed or cancelled run, by the engine's error code; the engine's own message names the file and the reason. */
export function failureWords(code: string | undefined, message: string): string {
  // the engine words a taken name for the CLI (--out, --force); here the name field is the way out
  if (/choose another (--out )?name/.test(message)) return `That name is taken (${message.replace(/: choose another.*$/, '')}): choose another name.`;
  switch (code) {
    case 'cancelled':
      return 'Cancelled: no adapter was written. Starting again with the same settings resumes from the last checkpoint.';
    case 'unavailable':
      return `Adapting cannot run on this computer: ${message}`;
    case 'bad-input':
    case 'not-found':
      return `This footage cannot be used to adapt: ${message}`;
    default:
      return `Adapting failed, and no adapter was written: ${message}`;
  }
}
