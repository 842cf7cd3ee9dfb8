/** The detector moved to main/engine/onsets/ (shared with generation); this re-export keeps eval-side imports working. */
export * from '../onsets';
