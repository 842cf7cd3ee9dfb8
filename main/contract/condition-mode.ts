import { z } from 'zod';

/**
 * The condition words, one meaning each (issue 19 item 4), and the one mapping between the user's and the engine's:
 * - `ConditionMode`: what the user chose for a span (the project document, the inspector): `clean` (a quiet bed, no
 *   strong events), `joint` (action + ambience: matched to the picture), `custom` (a clip chosen by hand).
 * - `AmbientMode`: how a generation request asks the engine for its condition clip (`generate:start` `ambient.mode`,
 *   `a2s generate --ambient`): `auto` (retrieval), `low` (the cleanest clip), `none` (silence), `file` (this file).
 * - `AmbientOutcome`: what the engine used (the result's `condition.mode`): the mode asked for, or `low-fallback`
 *   (`auto` found nothing to match: the low clip was used, and the result's note says why).
 */
export const ConditionMode = z.enum(['clean', 'joint', 'custom']);
export type ConditionMode = z.infer<typeof ConditionMode>;

export const AmbientMode = z.enum(['auto', 'low', 'none', 'file']);
export type AmbientMode = z.infer<typeof AmbientMode>;

export const AmbientOutcome = z.enum([...AmbientMode.options, 'low-fallback']);
export type AmbientOutcome = z.infer<typeof AmbientOutcome>;

/** The engine's choice for a span without a clip of its own: clean asks for the cleanest clip, the rest for a match. */
export function ambientModeFor(mode: ConditionMode): 'auto' | 'low' {
  return mode === 'clean' ? 'low' : 'auto';
}

/** What the engine used, in the user's words: a match = joint, the low clip = clean, a given file (or none) = custom. */
export function conditionModeFor(outcome: AmbientOutcome): ConditionMode {
  if (outcome === 'auto') return 'joint';
  if (outcome === 'low' || outcome === 'low-fallback') return 'clean';
  return 'custom';
}
