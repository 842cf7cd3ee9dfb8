import { z } from 'zod';
import { channel, event } from '../channel';

/**
 * What the user grants the renderer access to: files opened for playback (`media:open`, an allow-list by opaque id)
 * and native file dialogs (Electron only: in browser mode they answer `unavailable` and the UI shows a path input).
 * Also the shell's menu commands, pushed to the focused window as the `app:command` event.
 */

/** A local path typed, dropped or picked by the user. Bounded so junk cannot cost much before the file check. */
const LocalPath = z.string().min(1).max(4096);

/** Every dialog answers a path, or null when the user cancelled. */
const DialogResult = z.object({ path: z.string().nullable() });

export const MediaOpened = z.object({
  /** Opaque id (32 lowercase hex): the only handle the renderer gets, never the raw path. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  /** `/media/<id>` in browser mode (token cookie), `media://<id>` in Electron. */
  url: z.string(),
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type MediaOpened = z.infer<typeof MediaOpened>;

export const accessChannels = {
  'media:open': channel(z.object({ path: LocalPath }).strict(), MediaOpened),
  'dialog:openVideo': channel(z.object({ title: z.string().max(200).optional() }).strict(), DialogResult),
  'dialog:openProject': channel(z.object({ title: z.string().max(200).optional() }).strict(), DialogResult),
  'dialog:saveProject': channel(z.object({ defaultName: z.string().max(255).optional() }).strict(), DialogResult),
  'dialog:chooseFolder': channel(z.object({ title: z.string().max(200).optional() }).strict(), DialogResult),
} as const;

/** Menu commands; the renderer maps each to the same action as its keyboard shortcut. */
export const AppCommand = z.enum([
  'file.openVideo',
  'file.openProject',
  'file.save',
  'file.saveAs',
  'file.export',
  'edit.undo',
  'edit.redo',
  'edit.delete',
  'playback.playPause',
  'span.markIn',
  'span.markOut',
  'generate.start',
  'view.zoomIn',
  'view.zoomOut',
  'view.zoomFit',
]);
export type AppCommand = z.infer<typeof AppCommand>;

export const accessEvents = {
  'app:command': event(z.object({ command: AppCommand })),
} as const;
