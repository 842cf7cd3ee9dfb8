import type { BrowseEntry } from '../../../../main/contract/domains/browse';
import { isAbsolute, resolveMediaPath, splitProjectPath } from '../../api/paths';

/**
 * What a path field asks for, and so what its "…" button lets the user pick: in the desktop app a native dialog
 * (where the shell has one for it), in browser mode the engine-served picker (FilePicker.tsx).
 */
export type PickMode = 'video' | 'audio-or-folder' | 'project' | 'folder' | 'save-project';

export type DialogChannel = 'dialog:openVideo' | 'dialog:openProject' | 'dialog:saveProject' | 'dialog:chooseFolder';

/** The desktop app's native dialog per mode; none for sounds (the library's import field stays typed there). */
export const NATIVE_DIALOG: Partial<Record<PickMode, DialogChannel>> = {
  video: 'dialog:openVideo',
  project: 'dialog:openProject',
  'save-project': 'dialog:saveProject',
  folder: 'dialog:chooseFolder',
};

export const PICK_TITLES: Record<PickMode, string> = {
  video: 'Choose a video',
  'audio-or-folder': 'Choose a sound file or a folder of sounds',
  project: 'Choose a project (NAME.a2s)',
  folder: 'Choose a folder',
  'save-project': 'Save the project in…',
};

/** Can this entry itself be the answer? (Folders are always shown, to go into.) */
export function choosable(mode: PickMode, e: BrowseEntry): boolean {
  switch (mode) {
    case 'video':
      return e.kind === 'video';
    case 'audio-or-folder':
      return e.kind === 'audio' || e.kind === 'video' || e.kind === 'folder';
    case 'project':
      return e.kind === 'project';
    case 'folder':
    case 'save-project':
      return e.kind === 'folder';
  }
}

/** Shown in the list: folders and projects (to go into or pick), and the files this mode can pick. */
export function shown(mode: PickMode, e: BrowseEntry): boolean {
  return e.kind === 'folder' || e.kind === 'project' || choosable(mode, e);
}

export function joinPath(dir: string, name: string): string {
  return resolveMediaPath(name, dir);
}

/** Where the picker opens for a field's current value: its folder (the value itself for a folder field). */
export function startFolder(mode: PickMode, value: string): string | null {
  const v = value.trim();
  if (!isAbsolute(v)) return null;
  if (mode === 'folder' || mode === 'audio-or-folder') return v;
  return splitProjectPath(v).dir;
}

/**
 * The answer: the selected entry in `dir`; with none, the folder itself for folder modes; for save-project the
 * folder (the selected one, else `dir`) plus `name`, which gets `.a2s` when it lacks it.
 */
export function pickedPath(mode: PickMode, dir: string, selected: BrowseEntry | null, name = ''): string | null {
  if (mode === 'save-project') {
    const n = name.trim().replace(/[\\/]/g, '');
    if (!n) return null;
    const folder = selected?.kind === 'folder' ? joinPath(dir, selected.name) : dir;
    return joinPath(folder, n.endsWith('.a2s') ? n : `${n}.a2s`);
  }
  if (selected && choosable(mode, selected)) return joinPath(dir, selected.name);
  return mode === 'folder' || mode === 'audio-or-folder' ? dir : null;
}
