import { useEffect, useState } from 'react';
import { adaptRun, cancelAdapt, forgetFailure, startAdapt, suggestAdapterName } from '../../app/actions/adapt';
import { chooseBundle } from '../../app/actions/bundle';
import { adaptSources, resultWords } from '../../app/actions/adapt-words';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { baseName } from '../../api/paths';
import { useObservable } from '../../state/observable';
import { Modal, PathField } from './Modal';
import './adapt.css';

/**
 * "Adapt to this project's footage" (issue 22): which clips it learns from, name and budget, then the job's progress
 * (also in the Jobs panel, where it can be cancelled too), and the before/after in words with a button that makes
 * the adapter the bundle generations use. Closing it leaves the job running.
 */
export function AdaptDialog() {
  const e = useEditor();
  const { dialog } = useObservable(e.view);
  if (dialog !== 'adapt') return null;
  return <AdaptForm close={() => e.view.update((v) => (v.dialog === 'adapt' ? { ...v, dialog: null } : v))} />;
}

function AdaptForm({ close }: { close(): void }) {
  const e = useEditor();
  const { doc } = useEditorState();
  const run = useObservable(adaptRun(e));
  const jobs = useObservable(e.jobs);
  const active = useObservable(e.bundle);
  const [name, setName] = useState('');
  const [minutes, setMinutes] = useState('4');
  const [maxSteps, setMaxSteps] = useState('');
  const sources = adaptSources(doc, e.project.get().path);
  useEffect(() => {
    forgetFailure(e);
    suggestAdapterName(e).then((n) => setName((cur) => cur || n), () => undefined);
  }, [e]);
  const job = run.phase === 'running' ? jobs.find((j) => j.jobId === run.jobId) : undefined;
  const budget = Number(minutes);
  const steps = maxSteps.trim() ? Number(maxSteps) : undefined;
  const valid = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) && budget >= 0.05 && budget <= 240 && (steps === undefined || (Number.isInteger(steps) && steps >= 1));
  const start = () => void startAdapt(e, { name, minutes: budget, ...(steps ? { maxSteps: steps } : {}) });
  return (
    <Modal title="Adapt to this project's footage" onClose={close} testId="adapt-dialog">
      <p className="dim">
        Fine-tunes the timing head of the active bundle{active ? ` (${active.id})` : ''} on this shoot: the hits heard in each clip&apos;s own
        production sound teach it when contacts happen in this camera&apos;s pictures. Some footage is held back to check the result.
      </p>
      {sources.problem ? (
        <p className="adapt-problem" data-testid="adapt-problem">{sources.problem}</p>
      ) : (
        <div data-testid="adapt-sources">
          <div className="sub-title">Learns from</div>
          {sources.files.map((f) => <div key={f} className="dim" title={f}>{baseName(f)}</div>)}
        </div>
      )}
      {run.phase !== 'running' && run.phase !== 'done' && (
        <>
          <PathField label="Name" value={name} onChange={setName} testId="adapt-name" placeholder="kitchen-shoot" />
          <PathField label="Minutes" value={minutes} onChange={setMinutes} testId="adapt-minutes" />
          <PathField label="Max steps" value={maxSteps} onChange={setMaxSteps} testId="adapt-steps" placeholder="no limit: the minutes decide" />
        </>
      )}
      {run.phase === 'running' && (
        <div data-testid="adapt-progress">
          <div className="progress"><div className="progress-bar" style={{ width: `${Math.round((job?.fraction ?? 0) * 100)}%` }} /></div>
          <span data-testid="adapt-stage">{job?.cancelling ? 'cancelling…' : `${Math.round((job?.fraction ?? 0) * 100)}% · ${job?.stage ?? 'starting'}`}</span>
          {job?.etaSec != null && <span className="dim"> · about {Math.ceil(job.etaSec)} s left</span>}
        </div>
      )}
      {run.phase === 'failed' && <p className="adapt-problem" data-testid="adapt-error">{run.message}</p>}
      {run.phase === 'done' && <Result e={e} close={close} />}
      <div className="modal-actions">
        {run.phase === 'running' ? (
          <>
            <button onClick={close}>Hide (keeps running)</button>
            <button data-testid="adapt-cancel" disabled={job?.cancelling} onClick={() => cancelAdapt(e).catch((err: unknown) => e.toasts.error(err, 'cancel'))}>Cancel adaptation</button>
          </>
        ) : run.phase === 'done' ? (
          <button onClick={() => {
            adaptRun(e).set({ phase: 'idle' });
            suggestAdapterName(e).then(setName, () => undefined); // this name is an installed adapter now
          }}>Adapt again…</button>
        ) : (
          <>
            <button onClick={close}>Close</button>
            <button className="accent" data-testid="adapt-start" disabled={!!sources.problem || !valid} onClick={start}>Adapt</button>
          </>
        )}
      </div>
    </Modal>
  );
}

function Result({ e, close }: { e: ReturnType<typeof useEditor>; close(): void }) {
  const run = useObservable(adaptRun(e));
  const active = useObservable(e.bundle);
  if (run.phase !== 'done') return null;
  const r = run.result;
  const words = resultWords(r);
  const inUse = active?.id === r.id;
  return (
    <div data-testid="adapt-result">
      <p><b data-testid="adapt-headline">{words.headline}</b></p>
      {words.details.map((d) => <p key={d} className="dim">{d}</p>)}
      <p className="dim">Adapter bundle <code>{r.id}</code> in {r.dir} (its CARD.md has the same figures).</p>
      <div className="modal-actions left">
        <button className="accent" data-testid="adapt-use" disabled={inUse} onClick={() => chooseBundle(e, r.id).then(close, (err: unknown) => e.toasts.error(err, 'use adapter'))}>
          {inUse ? `${r.id} is the bundle in use` : `Use ${r.id} for generation`}
        </button>
      </div>
    </div>
  );
}
