import { useSyncExternalStore } from 'react';
import type { EditorState } from '../timeline/store';
import { useEditor } from './editor';

/** The editor state (document, selection, in/out, undo labels); re-renders on every change of the store. */
export function useEditorState(): EditorState {
  const e = useEditor();
  return useSyncExternalStore(e.store.subscribe, e.store.getState);
}
