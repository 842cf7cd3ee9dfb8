import { useContext, useState } from 'react';
import { EditorContext } from '../../app/editor';
import type { A2sClient } from '../../transport/types';
import { FilePicker } from './FilePicker';
import { NATIVE_DIALOG, type PickMode } from './pick';

/**
 * A path input whose "…" picks the path: the desktop app's native dialog, or in browser mode the engine-served
 * picker (home and `--root` folders). No button where neither exists (e.g. sounds in the desktop app: type them).
 * `client` for dialogs mounted outside the editor (the export dialog's own tests); else the editor's.
 */
export function PathField({ label, value, onChange, pick, client, testId, placeholder }: { label: string; value: string; onChange(v: string): void; pick?: PickMode; client?: A2sClient; testId?: string; placeholder?: string }) {
  const editor = useContext(EditorContext);
  const c = client ?? editor?.client;
  const [picking, setPicking] = useState(false);
  const native = c?.transport === 'ipc' && pick ? NATIVE_DIALOG[pick] : undefined;
  const list = c?.listFolder;
  const browse = () => {
    if (native) void c!.invoke(native, {}).then((r) => r.path && onChange(r.path), () => undefined);
    else setPicking(true);
  };
  return (
    <label className="field">
      <span>{label}</span>
      <input data-testid={testId} value={value} placeholder={placeholder} onChange={(ev) => onChange(ev.target.value)} spellCheck={false} />
      {pick && (native || list) && <button type="button" data-testid={testId ? `${testId}-browse` : undefined} title="Browse…" onClick={browse}>…</button>}
      {picking && pick && list && (
        <FilePicker mode={pick} value={value} list={list} onClose={() => setPicking(false)} onPick={(p) => {
          setPicking(false);
          onChange(p);
        }} />
      )}
    </label>
  );
}
