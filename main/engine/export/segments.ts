/**
 * One playable region as a DAW item: where, how long, from where in the source, and its fades. The interchange
 * files reference the exported stems (stem-regions.ts), so each region is one stretch of a stem.
 */
export interface Segment {
  position: number;
  length: number;
  sourceOffset: number;
  fadeIn: number;
  fadeOut: number;
  fadeInShape: 'linear' | 'equal-power';
  fadeOutShape: 'linear' | 'equal-power';
  /** Loop repeat number (0 for plain items). */
  repeat: number;
}
