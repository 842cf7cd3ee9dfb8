/** Export (issue 10): offline mix → BWF stems + mix, loudness, mux, REAPER .rpp, OpenTimelineIO. */
export { prepareExport, runExport, assertNoOverwrite, type ExportOptions, type PreparedExport } from './run';
export { mixItemInto, prepareItem, fadeGain, dbToGain, type PreparedItem } from './mix';
export { timelineItems, audibleTracks, exportRange, type TimelineItem } from './timeline';
export { timecodeSeconds, timeReferenceSamples } from './timecode';
export { measureLoudness, planLoudness } from './loudness';
