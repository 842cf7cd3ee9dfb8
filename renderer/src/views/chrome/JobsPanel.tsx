import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';

function eta(s: number | null): string {
  if (s === null) return '';
  return s < 60 ? `${Math.ceil(s)} s left` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`;
}

/** Jobs in flight and finished: progress (step, window), ETA, cancel; queued ones wait their turn in the engine. */
export function JobsPanel() {
  const e = useEditor();
  const jobs = useObservable(e.jobs);
  if (jobs.length === 0) return null;
  return (
    <section className="jobs" data-testid="jobs">
      <header className="panel-title">
        Jobs
        <button className="lib-act" onClick={() => e.jobs.clearFinished()}>clear finished</button>
      </header>
      {jobs.slice(-6).map((j) => (
        <div key={j.jobId} className={`job ${j.state}`} data-testid="job" data-state={j.state} data-job-id={j.jobId} data-span-id={j.spanId} data-cancelling={j.cancelling ? 'true' : undefined}>
          <span className="job-label">{j.kind} · {j.label}</span>
          <div className="progress"><div className="progress-bar" style={{ width: `${Math.round(j.fraction * 100)}%` }} /></div>
          <span className="job-stage" data-testid="job-stage">{j.cancelling && (j.state === 'running' || j.state === 'queued') ? 'cancelling…' : j.state === 'running' || j.state === 'queued' ? `${Math.round(j.fraction * 100)}% · ${j.stage}` : j.stage}</span>
          <span className="dim">{eta(j.etaSec)}</span>
          {(j.state === 'running' || j.state === 'queued') && !j.cancelling && (
            <button className="lib-act" data-testid="job-cancel" onClick={() => e.jobs.cancel(j.jobId).catch((err: unknown) => e.toasts.error(err, 'cancel'))}>cancel</button>
          )}
        </div>
      ))}
    </section>
  );
}
