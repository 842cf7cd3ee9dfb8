import { deleteClip } from '../timeline/clips';
import { deleteSpan } from '../timeline/spans';
import { generate, makeSpan } from './actions/generate';
import { placeMarker } from './actions/marker';
import { markersFromGuideTrack } from './actions/onsets';
import { openExport, save } from './actions/project';
import { markIn, markOut, seek, shuttle, stepFrames, togglePlay } from './actions/playback';
import type { Editor, ViewState } from './editor';

/** The shortcut table: the help overlay lists it and `handleKey` implements it (one source, so they never disagree). */
export const SHORTCUTS = [
  { keys: 'Space', what: 'Play / pause (the mix follows the picture)' },
  { keys: 'I / O', what: 'Set in / out point at the playhead' },
  { keys: 'Enter', what: 'Make a span from in/out' },
  { keys: 'J / K / L', what: 'Shuttle backwards (picture only) / stop / forwards with the mix (again: 2×, 4×; the other way slows down first)' },
  { keys: '← / →', what: 'One frame back / forward (Shift: one second)' },
  { keys: 'Home', what: 'Go to start' },
  { keys: 'G', what: 'Generate takes for the selected span' },
  { keys: 'M', what: 'Onset marker at the playhead on the selected span (else a timeline marker)' },
  { keys: 'Shift+M', what: 'Onset markers from the guide track (the video\'s own sound) on the selected span' },
  { keys: 'Delete', what: 'Delete the selected span or clip' },
  { keys: 'Ctrl/Cmd+Z', what: 'Undo' },
  { keys: 'Ctrl/Cmd+Shift+Z', what: 'Redo' },
  { keys: 'Ctrl/Cmd+S', what: 'Save (Shift: save as)' },
  { keys: 'Ctrl/Cmd+N / O', what: 'New project / open project' },
  { keys: 'Ctrl/Cmd+E', what: 'Export stems and mix' },
  { keys: '+ / − / 0', what: 'Zoom in / out / fit the timeline' },
  { keys: '?', what: 'This help' },
] as const;

export function zoomCommand(what: 'in' | 'out' | 'fit'): void {
  window.dispatchEvent(new CustomEvent('a2s-zoom', { detail: what }));
}

function fail(e: Editor, what: string) {
  return (err: unknown) => e.toasts.error(err, what);
}

function deleteSelection(e: Editor): void {
  const sel = e.store.getState().selection;
  if (sel?.kind === 'span') e.store.apply('delete span', (d) => deleteSpan(d, sel.id));
  if (sel?.kind === 'clip') e.store.apply('delete clip', (d) => deleteClip(d, sel.id));
}

/** Keyboard handler for the whole window; typing in inputs is left alone. Returns true when it handled the key. */
export function handleKey(e: Editor, ev: KeyboardEvent): boolean {
  const target = ev.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return false;
  const mod = ev.ctrlKey || ev.metaKey;
  const k = ev.key.toLowerCase();
  const dialog = (d: ViewState['dialog']) => e.view.update((v) => ({ ...v, dialog: d }));
  const run = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      e.toasts.error(err);
    }
  };
  if (mod) {
    if (k === 'z' && ev.shiftKey) run(() => e.store.redo());
    else if (k === 'z' || k === 'y') run(() => (k === 'y' ? e.store.redo() : e.store.undo()));
    else if (k === 's' && ev.shiftKey) dialog('saveAs');
    else if (k === 's') void save(e).catch(fail(e, 'save'));
    else if (k === 'e') void openExport(e).catch(fail(e, 'export'));
    else if (k === 'n') dialog('new');
    else if (k === 'o') dialog('open');
    else return false;
    return true;
  }
  if (ev.altKey) return false;
  const sel = e.store.getState().selection;
  switch (ev.key) {
    case ' ': togglePlay(e); break;
    case 'i': case 'I': markIn(e); break;
    case 'o': case 'O': markOut(e); break;
    case 'Enter': run(() => makeSpan(e)); break;
    case 'j': case 'k': case 'l': shuttle(e, ev.key); break;
    case 'ArrowLeft': if (ev.shiftKey) seek(e, e.playhead.get() - 1); else stepFrames(e, -1); break;
    case 'ArrowRight': if (ev.shiftKey) seek(e, e.playhead.get() + 1); else stepFrames(e, 1); break;
    case 'Home': seek(e, 0); break;
    case 'g': case 'G':
      if (sel?.kind === 'span') void generate(e, sel.id).catch(fail(e, 'generate'));
      else e.toasts.info('Select a span to generate for');
      break;
    case 'm': case 'M':
      if (!ev.shiftKey) run(() => placeMarker(e));
      else if (sel?.kind === 'span') void markersFromGuideTrack(e, sel.id).catch(fail(e, 'markers from guide track'));
      else e.toasts.info('Select a span to place markers from its guide track');
      break;
    case 'Delete': case 'Backspace': run(() => deleteSelection(e)); break;
    case '+': case '=': zoomCommand('in'); break;
    case '-': zoomCommand('out'); break;
    case '0': zoomCommand('fit'); break;
    case '?': dialog('help'); break;
    case 'Escape': e.store.select(null); break;
    default: return false;
  }
  return true;
}
