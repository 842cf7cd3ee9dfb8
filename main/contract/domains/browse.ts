import { z } from 'zod';
import { channel } from '../channel';

/**
 * Browser mode's file picker (`browse:*`), answered by the loopback server itself (main/server/browse.ts), never by
 * the engine or over Electron IPC: the desktop app has native dialogs. A listing shows names, kinds and sizes of one
 * folder under the user's home or a root chosen with `a2s serve --root DIR`; anything resolving outside them (`..`,
 * symlinks) is refused, and names starting with a dot are left out unless `hidden` asks for them (docs/SECURITY.md).
 */

/** What an entry is: media by extension (as `media:open` knows them), a project folder (`NAME.a2s`), a folder, other. */
export const BrowseKind = z.enum(['folder', 'project', 'video', 'audio', 'file']);
export type BrowseKind = z.infer<typeof BrowseKind>;

export const BrowseEntry = z.object({
  name: z.string(),
  kind: BrowseKind,
  /** Bytes (files only). */
  size: z.number().int().nonnegative().nullable(),
});
export type BrowseEntry = z.infer<typeof BrowseEntry>;

export const BrowseRoot = z.object({ path: z.string(), label: z.string() });

/** The most entries one listing returns (folders first, then by name); `truncated` says there were more. */
export const BROWSE_MAX_ENTRIES = 5000;

export const browseChannels = {
  'browse:list': channel(
    z
      .object({
        /** Absolute folder; omitted: the home folder (else the first root). */
        path: z.string().min(1).max(4096).optional(),
        /** Include names starting with a dot (and allow listing inside such a folder). */
        hidden: z.boolean().default(false),
      })
      .strict(),
    z.object({
      /** The folder listed, symlinks resolved. */
      path: z.string(),
      /** Its parent, or null at the top of a root (nothing above it may be listed). */
      parent: z.string().nullable(),
      roots: z.array(BrowseRoot),
      entries: z.array(BrowseEntry).max(BROWSE_MAX_ENTRIES),
      truncated: z.boolean(),
    }),
  ),
} as const;

export type BrowseChannelName = keyof typeof browseChannels;
export type BrowseRequestOf<C extends BrowseChannelName> = z.input<(typeof browseChannels)[C]['request']>;
export type BrowseResponseOf<C extends BrowseChannelName> = z.output<(typeof browseChannels)[C]['response']>;
