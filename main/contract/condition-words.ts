import type { Condition, ConditionSource } from './domains/project-doc';

/**
 * What conditioned a take, in the words a sound designer uses: the clip's name, why it was chosen and how well it
 * matched. The editor's takes list and the take's sidecar JSON both read this, so they say the same thing.
 */
/** The ambience modes as the inspector names them ("joint" is the paper's word, not a sound designer's). */
export const MODE_LABELS: Record<Condition['mode'], string> = {
  clean: 'Clean action',
  joint: 'Action + ambience',
  custom: 'Custom',
};

const WHY: Record<Condition['mode'], string> = {
  joint: 'matched to the picture',
  clean: 'clean: quiet bed, no strong events',
  custom: 'chosen by hand',
};

/** "forest_birds.wav" → "forest_birds" (both separators: documents travel between systems). */
function stemOf(p: string): string {
  const base = p.split(/[\\/]/).filter(Boolean).at(-1) ?? p;
  return base.replace(/\.[^.]+$/, '');
}

/** The condition clip's name as the editor shows it. */
export function conditionClipName(src: ConditionSource): string {
  switch (src.kind) {
    case 'library':
      return src.name ?? (src.path !== undefined ? stemOf(src.path) : `library clip ${src.clipId}`);
    case 'bundle':
      return `${stemOf(src.file)} (model's own clip)`;
    case 'file':
      return stemOf(src.path);
  }
}

/** "forest_birds · matched to the picture · match 0.81"; without a clip: "no condition clip · clean: …". */
export function conditionWords(c: Condition): string {
  const parts = [c.source ? conditionClipName(c.source) : 'no condition clip', WHY[c.mode]];
  if (c.score !== undefined) parts.push(`match ${c.score.toFixed(2)}`);
  return parts.join(' · ');
}
