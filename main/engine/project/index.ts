/** Project persistence (docs/DESIGN.md §6): the `NAME.a2s/` folder, atomic saves with backup, relink, recent list. */
export { writeFileAtomic, commitTemp, tempNameFor, writeFailure, makeFolder } from './atomic';
export { sha256File } from '../core/file-hash';
export { probeVideo } from './probe-video';
export { mediaSlots, resolveMedia, findMissing } from './media-refs';
export { createProject, loadProject, saveProject, projectDirOf, PROJECT_FILE, BACKUP_FILE, RENDERS_DIR, type OpenedProject } from './project-file';
export { relinkProject } from './relink';
export { resolveLibraryRefs, unresolvedLibraryRefs, type LibraryClipFacts } from './condition-refs';
export { readRecent, touchRecent } from './recent';
