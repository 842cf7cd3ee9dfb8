import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { A2sClient } from '../transport/types';
import { Modal } from '../views/chrome/Modal';
import { PathField } from '../views/chrome/PathField';
import { ExportController } from './controller';
import { baseName, defaultForm, formErrors, RATES, type ExportForm } from './form';
import { ExportReport } from './ExportReport';
import './export.css';

export interface ExportDialogProps {
  client: A2sClient;
  /** The `NAME.a2s` folder; save the project first — the export reads what is on disk. */
  projectPath: string;
  onClose(): void;
}

const FORM_KEY = 'a2s.exportForm';

/** Export stems, mix, muxed video, .rpp/.otio: options → (overwrite?) → progress with cancel → report. */
export function ExportDialog({ client, projectPath, onClose }: ExportDialogProps) {
  const ctl = useMemo(() => new ExportController(client, projectPath), [client, projectPath]);
  useEffect(() => () => ctl.dispose(), [ctl]);
  const phase = useSyncExternalStore(ctl.subscribe, ctl.get, ctl.get);
  const [form, setForm] = useState<ExportForm>(() => restore(projectPath));
  const set = <K extends keyof ExportForm>(k: K, v: ExportForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errors = formErrors(form);
  const running = phase.kind === 'running' || phase.kind === 'checking';
  const close = () => {
    if (!running) onClose();
  };

  return (
    <Modal title="Export" onClose={close} testId="export-dialog">
      {phase.kind === 'form' || phase.kind === 'checking' ? (
        <div className="export-form">
          <PathField label="Folder" value={form.outDir} onChange={(v) => set('outDir', v)} testId="export-out" pick="folder" client={client} />
          <label className="field"><span>Format</span>
            <select data-testid="export-rate" value={form.rate} onChange={(ev) => set('rate', Number(ev.target.value))}>
              {RATES.map((r) => <option key={r} value={r}>{r / 1000} kHz</option>)}
            </select>
            <select data-testid="export-bits" value={form.bits} onChange={(ev) => set('bits', ev.target.value as ExportForm['bits'])}>
              <option value="24">24-bit PCM</option>
              <option value="32f">32-bit float</option>
            </select>
          </label>
          <Check label="Video with the mix (video stream copied, not re-encoded)" value={form.mux} onChange={(v) => set('mux', v)} testId="export-mux" />
          {form.mux && (
            <div className="field export-indent"><span />
              <select value={form.muxAudio} onChange={(ev) => set('muxAudio', ev.target.value as ExportForm['muxAudio'])}>
                <option value="aac">AAC 320k</option>
                <option value="pcm">PCM 24-bit (.mov/.mkv)</option>
              </select>
              <Check label="stems as extra audio streams" value={form.muxStems} onChange={(v) => set('muxStems', v)} />
            </div>
          )}
          <Check label="REAPER project (.rpp)" value={form.rpp} onChange={(v) => set('rpp', v)} testId="export-rpp" />
          <Check label="OpenTimelineIO (.otio)" value={form.otio} onChange={(v) => set('otio', v)} testId="export-otio" />
          <div className="field"><Check label="Normalise loudness to" value={form.normalise} onChange={(v) => set('normalise', v)} testId="export-normalise" />
            <input className="export-num" disabled={!form.normalise} value={form.loudness} onChange={(ev) => set('loudness', ev.target.value)} /> LUFS,
            <input className="export-num" disabled={!form.normalise} value={form.truePeak} onChange={(ev) => set('truePeak', ev.target.value)} /> dBTP
          </div>
          <div className="field"><Check label="Only from" value={form.useRange} onChange={(v) => set('useRange', v)} />
            <input className="export-num" disabled={!form.useRange} value={form.rangeStart} onChange={(ev) => set('rangeStart', ev.target.value)} /> s to
            <input className="export-num" disabled={!form.useRange} value={form.rangeEnd} onChange={(ev) => set('rangeEnd', ev.target.value)} /> s
          </div>
          <p className="dim">Stems: one WAV per track + the mix, equal length from the video start, Broadcast WAV with the video's timecode.</p>
          {errors.map((e) => <p key={e} className="export-danger">{e}</p>)}
          <div className="modal-actions">
            <button onClick={onClose}>Cancel</button>
            <button className="accent" data-testid="export-go" disabled={errors.length > 0 || phase.kind === 'checking'} onClick={() => {
              localStorage.setItem(FORM_KEY, JSON.stringify({ ...form, outDir: undefined }));
              void ctl.submit(form);
            }}>{phase.kind === 'checking' ? 'Checking…' : 'Export'}</button>
          </div>
        </div>
      ) : phase.kind === 'confirm' ? (
        <div data-testid="export-confirm">
          <p>{phase.existing.length} file(s) already exist in {form.outDir}:</p>
          <ul className="export-files">{phase.existing.slice(0, 8).map((f) => <li key={f}>{baseName(f)}</li>)}{phase.existing.length > 8 && <li>…</li>}</ul>
          <div className="modal-actions">
            <button onClick={() => ctl.back()}>Back</button>
            <button className="accent" data-testid="export-overwrite" onClick={() => void ctl.confirm()}>Overwrite</button>
          </div>
        </div>
      ) : phase.kind === 'running' ? (
        <div data-testid="export-running">
          <div className="progress"><div className="progress-bar" style={{ width: `${Math.round(phase.fraction * 100)}%` }} /></div>
          <p data-testid="export-stage">{Math.round(phase.fraction * 100)}% · {phase.stage}{phase.etaSec !== null ? ` · ${Math.ceil(phase.etaSec)} s left` : ''}</p>
          <div className="modal-actions"><button data-testid="export-cancel" disabled={!phase.jobId} onClick={() => void ctl.cancel()}>Cancel export</button></div>
        </div>
      ) : phase.kind === 'done' ? (
        <div data-testid="export-done">
          <ExportReport result={phase.result} />
          <div className="modal-actions"><button className="accent" onClick={onClose}>Close</button></div>
        </div>
      ) : (
        <div data-testid="export-failed">
          <p className={phase.kind === 'failed' ? 'export-danger' : ''}>{phase.kind === 'failed' ? phase.message : 'Export cancelled; no files were written.'}</p>
          <div className="modal-actions"><button onClick={() => ctl.back()}>Back</button><button onClick={onClose}>Close</button></div>
        </div>
      )}
    </Modal>
  );
}

function Check({ label, value, onChange, testId }: { label: string; value: boolean; onChange(v: boolean): void; testId?: string }) {
  return (
    <label className="export-check">
      <input type="checkbox" data-testid={testId} checked={value} onChange={(ev) => onChange(ev.target.checked)} /> {label}
    </label>
  );
}

/** The last options used (not the folder: that belongs to the project). */
function restore(projectPath: string): ExportForm {
  const base = defaultForm(projectPath);
  try {
    const saved = JSON.parse(localStorage.getItem(FORM_KEY) ?? '{}') as Partial<ExportForm>;
    return { ...base, ...saved, outDir: base.outDir };
  } catch {
    return base;
  }
}
