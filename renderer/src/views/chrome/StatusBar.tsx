import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../main/contract';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';

/** Provider, active bundle, library size, connection and unsaved state: what is true right now, at a glance. */
export function StatusBar() {
  const e = useEditor();
  const bundle = useObservable(e.bundle);
  const libSize = useObservable(e.librarySize);
  const { lastSaved } = useObservable(e.project);
  const [info, setInfo] = useState<ResponseOf<'app:info'> | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    e.client.invoke('app:info', {}).then(setInfo, (x: unknown) => setErr(String(x)));
  }, [e]);
  return (
    <footer className="statusbar">
      <span data-testid="connection">{info ? `connected · ${info.transport} · v${info.version}` : err ? `error: ${err}` : 'connecting…'}</span>
      <span data-testid="provider">provider: <b>{bundle?.provider ?? '—'}</b></span>
      <span data-testid="bundle">bundle: <b>{bundle?.id ?? 'none'}</b>{bundle && !bundle.timingHead ? ' (no timing head)' : ''}</span>
      <span data-testid="library-size">library: <b>{libSize ?? '—'}</b> clips</span>
      <span className="grow" />
      <span className="dim">{lastSaved ? `saved ${new Date(lastSaved).toLocaleTimeString()}` : 'not saved'}</span>
    </footer>
  );
}
