import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../contract/domains/access';

export interface MenuOptions {
  isMac: boolean;
  /** Dev tools only in unpackaged builds. */
  devTools: boolean;
}

/**
 * The native menu. Items send an `app:command` to the focused window, which runs the same action as its keyboard
 * shortcut. Single-key shortcuts (Space, I, O, Delete) are shown but not registered with the OS
 * (`registerAccelerator: false`), so they never steal keys from a text field; the renderer handles those keys.
 */
export function menuTemplate(send: (command: AppCommand) => void, opts: MenuOptions): MenuItemConstructorOptions[] {
  const item = (label: string, command: AppCommand, accelerator?: string, global = true): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: global,
    click: () => send(command),
  });
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('Open Video…', 'file.openVideo', 'CmdOrCtrl+O'),
      item('Open Project…', 'file.openProject', 'CmdOrCtrl+Shift+O'),
      { type: 'separator' },
      item('Save Project', 'file.save', 'CmdOrCtrl+S'),
      item('Save Project As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
      item('Export Stems…', 'file.export', 'CmdOrCtrl+E'),
      ...(opts.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
      item('Redo', 'edit.redo', opts.isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      item('Delete', 'edit.delete', 'Delete', false),
    ],
  };
  const playback: MenuItemConstructorOptions = {
    label: 'Playback',
    submenu: [
      item('Play / Pause', 'playback.playPause', 'Space', false),
      item('Mark In', 'span.markIn', 'I', false),
      item('Mark Out', 'span.markOut', 'O', false),
      { type: 'separator' },
      item('Generate Takes', 'generate.start', 'CmdOrCtrl+Enter'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      item('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
      item('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
      item('Zoom to Fit', 'view.zoomFit', 'CmdOrCtrl+0'),
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(opts.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    ],
  };
  return [...(opts.isMac ? [{ role: 'appMenu' } as const] : []), file, edit, playback, view, { role: 'windowMenu' }];
}
