/**
 * Migration 002: each clip's peak level (the loudest 50 ms, dBFS) beside its bed level, so "clean" can mean a low
 * bed AND no strong events (issue 18): a file of loud hits in silence has a bed of −120 dB. NULL for clips imported
 * before it was measured; the library measures those in the background (`measurePeaks`).
 */
export const sql002 = `
ALTER TABLE clips ADD COLUMN peak_db REAL;
`;
