import { useEffect } from 'react';
import { isEventName } from '../../../main/contract';
import { generate, makeSpan } from './actions/generate';
import { openExport, save } from './actions/project';
import { markIn, markOut, togglePlay } from './actions/playback';
import { useEditor } from './editor';
import { zoomCommand } from './shortcuts';

/** The desktop menu's commands (`app:command`), mapped to the same actions as the shortcuts. */
export function useAppCommands(): void {
  const e = useEditor();
  useEffect(() => {
    if (!isEventName('app:command')) return;
    const on = e.client.on as unknown as (ev: string, fn: (p: { command?: string }) => void) => () => void;
    return on('app:command', ({ command }) => {
      const dialog = (d: 'new' | 'open' | 'saveAs') => e.view.update((v) => ({ ...v, dialog: d }));
      const sel = e.store.getState().selection;
      const fail = (err: unknown) => e.toasts.error(err, command ?? 'command');
      switch (command) {
        case 'file.openVideo': case 'file.openProject': dialog(command === 'file.openVideo' ? 'new' : 'open'); break;
        case 'file.save': void save(e).catch(fail); break;
        case 'file.saveAs': dialog('saveAs'); break;
        case 'file.export': void openExport(e).catch(fail); break;
        case 'edit.undo': e.store.undo(); break;
        case 'edit.redo': e.store.redo(); break;
        case 'playback.playPause': togglePlay(e); break;
        case 'span.markIn': markIn(e); break;
        case 'span.markOut': markOut(e); break;
        case 'generate.start': if (sel?.kind === 'span') void generate(e, sel.id).catch(fail); else makeSpan(e); break;
        case 'view.zoomIn': zoomCommand('in'); break;
        case 'view.zoomOut': zoomCommand('out'); break;
        case 'view.zoomFit': zoomCommand('fit'); break;
        default: break;
      }
    });
  }, [e]);
}
