/**
 * The engine's one onset detector and its scoring (issue 7, issue 15): eval scores every method with it, and
 * generation's "onsets from the guide track" uses the same detector, so what eval measures is what the app ships.
 */
export { detectOnsets, thresholdsFor, ONSET_PARAMS, DEFAULT_SENSITIVITY } from './detect';
export { guideOnsets, GUIDE_RATE, type GuideOnsets } from './guide';
export { matchOnsets, f1, addCounts, type MatchCounts } from './match';
export { fft } from './fft';
