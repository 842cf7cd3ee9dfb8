import type { ExportResult } from '../../../main/contract/domains/export';
import { baseName } from './form';

const db = (v: number | null, unit: string): string => (v === null ? 'silence' : `${v.toFixed(1)} ${unit}`);

/** What was written, where, and the loudness report when the mix was normalised. */
export function ExportReport({ result }: { result: ExportResult }) {
  const l = result.loudness;
  const files = [...result.stems.map((s) => ({ what: s.track, path: s.path })), { what: 'Mix', path: result.mix },
    ...(result.video ? [{ what: 'Video', path: result.video }] : []), ...(result.rpp ? [{ what: 'REAPER', path: result.rpp }] : []), ...(result.otio ? [{ what: 'OTIO', path: result.otio }] : [])];
  return (
    <div className="export-report">
      <p>{result.stems.length} stems + mix · {result.rate / 1000} kHz · {result.bits === '24' ? '24-bit' : '32-bit float'} · {(result.frames / result.rate).toFixed(3)} s each · timecode at sample {result.timeReference}</p>
      <table className="export-files"><tbody>
        {files.map((f) => <tr key={f.path} data-testid="export-file"><td className="dim">{f.what}</td><td title={f.path}>{baseName(f.path)}</td></tr>)}
      </tbody></table>
      {l && (
        <p data-testid="export-loudness">
          Loudness: {db(l.measuredLufs, 'LUFS')} → {db(l.resultLufs, 'LUFS')} (target {l.targetLufs} LUFS, gain {l.gainDb.toFixed(2)} dB),
          true peak {db(l.resultTruePeakDb, 'dBTP')} (ceiling {l.ceilingDbtp} dBTP){l.limitedByPeak ? ' — the true-peak ceiling limited the gain, so the mix is below the target' : ''}.
        </p>
      )}
    </div>
  );
}
