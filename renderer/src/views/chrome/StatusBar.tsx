import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../main/contract';
import { chooseBundle, listBundles, type BundleChoice } from '../../app/actions/bundle';
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
  const [bundles, setBundles] = useState<BundleChoice[]>([]);
  useEffect(() => {
    e.client.invoke('app:info', {}).then(setInfo, (x: unknown) => setErr(String(x)));
  }, [e]);
  // the list is read when the picker opens: adapters made since the editor started appear too
  const refresh = () => listBundles(e).then(setBundles, (x: unknown) => e.toasts.error(x, 'model bundles'));
  useEffect(() => void refresh(), [e]); // once per editor; again whenever the picker gets focus
  const choose = (id: string) => chooseBundle(e, id).catch((x: unknown) => e.toasts.error(x, 'model bundle'));
  const offered = bundle && !bundles.some((b) => b.id === bundle.id) ? [{ id: bundle.id, description: '' }, ...bundles] : bundles;
  return (
    <footer className="statusbar">
      <span data-testid="connection">{info ? `connected · ${info.transport} · v${info.version}` : err ? `error: ${err}` : 'connecting…'}</span>
      <span data-testid="provider">provider: <b>{bundle?.provider ?? '—'}</b></span>
      <span data-testid="bundle">
        bundle:{' '}
        <select data-testid="bundle-select" className="statusbar-select" value={bundle?.id ?? ''} title={offered.find((b) => b.id === bundle?.id)?.description}
          onFocus={() => void refresh()} onChange={(ev) => void choose(ev.target.value)} disabled={!bundle}>
          {!bundle && <option value="">none</option>}
          {offered.map((b) => <option key={b.id} value={b.id} title={b.description}>{b.id}</option>)}
        </select>
        {bundle && !bundle.timingHead ? ' (no timing head)' : ''}
      </span>
      <span data-testid="library-size">library: <b>{libSize ?? '—'}</b> clips</span>
      <span className="grow" />
      <span className="dim">{lastSaved ? `saved ${new Date(lastSaved).toLocaleTimeString()}` : 'not saved'}</span>
    </footer>
  );
}
