import { BrowserWindow, dialog, type IpcMainInvokeEvent } from 'electron';
import { MEDIA_EXTENSIONS } from '../engine/media-access';
import type { ShellHandlers } from './ipc';

const VIDEO_EXTENSIONS = MEDIA_EXTENSIONS.filter((e) => ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi'].includes(e)).map((e) => e.slice(1));
const PROJECT_FILTER = { name: 'Action2Sound project', extensions: ['a2s'] };

interface TitleRequest {
  title?: string;
}

function owner(event: IpcMainInvokeEvent): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(event.sender) ?? undefined;
}

async function openOne(event: IpcMainInvokeEvent, options: Electron.OpenDialogOptions): Promise<{ path: string | null }> {
  const win = owner(event);
  const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return { path: res.canceled ? null : (res.filePaths[0] ?? null) };
}

/**
 * Native file dialogs, answered by the shell (the engine says `unavailable` for them in browser mode). They return a
 * path only; opening it (media:open, project open) goes through the engine's own validation like a typed path.
 * A project is a folder `NAME.a2s/`, so "open project" picks a folder (or its project.json).
 */
export function dialogHandlers(): ShellHandlers {
  return {
    'dialog:openVideo': (req, event) =>
      openOne(event, { title: (req as TitleRequest).title ?? 'Open video', properties: ['openFile'], filters: [{ name: 'Video', extensions: VIDEO_EXTENSIONS }] }),
    'dialog:openProject': (req, event) =>
      openOne(event, { title: (req as TitleRequest).title ?? 'Open project', properties: ['openDirectory', 'openFile'], filters: [PROJECT_FILTER, { name: 'project.json', extensions: ['json'] }] }),
    'dialog:chooseFolder': (req, event) =>
      openOne(event, { title: (req as TitleRequest).title ?? 'Choose folder', properties: ['openDirectory', 'createDirectory'] }),
    'dialog:saveProject': async (req, event) => {
      const defaultPath = (req as { defaultName?: string }).defaultName ?? 'Untitled.a2s';
      const options: Electron.SaveDialogOptions = { title: 'Save project', defaultPath, filters: [PROJECT_FILTER], properties: ['createDirectory', 'showOverwriteConfirmation'] };
      const win = owner(event);
      const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return { path: res.canceled || !res.filePath ? null : res.filePath };
    },
  };
}
