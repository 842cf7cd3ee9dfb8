/**
 * The engine's one onset detector and its scoring (issue 7, issue 15): eval scores every method with it, and
 * generation's "onsets from the guide track" uses the same detector, so what eval measures is what the app ships.
 */
export { detectOnsets, ONSET_PARAMS } from './detect';
export { matchOnsets, f1, addCounts, type MatchCounts } from './match';
export { fft } from './fft';
