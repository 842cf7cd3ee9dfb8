import { z } from 'zod';
import { channel, event } from '../channel';
import { ProjectDoc } from './project-doc';

/**
 * A media reference of the document whose file is not where the document says (moved, renamed, unplugged).
 * `where` names every place in the document that uses it, so the UI can show what goes silent.
 */
export const MissingMedia = z.object({
  path: z.string(),
  sha256: z.string().optional(),
  kind: z.enum(['video', 'clip', 'take', 'condition']),
  where: z.array(z.string()),
});
export type MissingMedia = z.infer<typeof MissingMedia>;

export const RecentProject = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentProject = z.infer<typeof RecentProject>;

const OpenResult = z.object({
  /** Absolute path of the `NAME.a2s` folder. */
  path: z.string(),
  doc: ProjectDoc,
  missing: z.array(MissingMedia),
  /** Non-fatal notes, e.g. "project.json was damaged; opened project.json.bak". */
  warnings: z.array(z.string()),
});

/**
 * `project:*` — a project is a folder `NAME.a2s/` with `project.json` and `renders/` (docs/DESIGN.md §6).
 * Media paths in the document are absolute, or relative to the project folder (renders are stored relative,
 * so a moved project folder keeps its takes).
 */
export const projectChannels = {
  /** Create `dir/NAME.a2s/` (refuses an existing one). `video`: a video file to probe and hash. */
  'project:new': channel(
    z.object({ dir: z.string().min(1), name: z.string().min(1).max(200), video: z.string().min(1).optional() }).strict(),
    OpenResult,
  ),
  /** `path`: the `NAME.a2s` folder or its project.json. */
  'project:open': channel(z.object({ path: z.string().min(1) }).strict(), OpenResult),
  /** Atomic save (temp + fsync + rename); the previous version is kept as project.json.bak. */
  'project:save': channel(
    z.object({ path: z.string().min(1), doc: ProjectDoc }).strict(),
    z.object({ path: z.string(), modified: z.string() }),
  ),
  'project:recent': channel(z.object({}).strict(), z.object({ projects: z.array(RecentProject) })),
  /** Search `folder` (recursively) for the missing media by sha256 (by file name where no hash is known); saves. */
  'project:relink': channel(
    z.object({ path: z.string().min(1), folder: z.string().min(1) }).strict(),
    OpenResult.extend({ relinked: z.array(z.object({ from: z.string(), to: z.string() })) }),
  ),
} as const;

export const projectEvents = {
  'project:saved': event(z.object({ path: z.string(), modified: z.string() })),
} as const;
