import type { EngineServices, HandlerRegistry } from '../core/registry';
import { getLibrary } from '../library';
import { createProject, findMissing, loadProject, readRecent, relinkProject, resolveLibraryRefs, saveProject, touchRecent, unresolvedLibraryRefs, type OpenedProject } from '../project';

/**
 * An old document's library references that carry only the clip id get the clip's file from the library (which is
 * opened only then, without starting its first-run import); the missing list is recomputed with the files found.
 */
async function withLibraryRefs(services: EngineServices, opened: OpenedProject): Promise<OpenedProject> {
  if (unresolvedLibraryRefs(opened.doc).length === 0) return opened;
  try {
    const lib = await getLibrary(services, { starter: false });
    const found = resolveLibraryRefs(opened.doc, (id) => {
      try {
        return lib.clip(id);
      } catch {
        return null; // not in this library: the reference keeps its id only
      }
    });
    return found ? { ...opened, missing: findMissing(opened.path, opened.doc) } : opened;
  } catch (err) {
    return { ...opened, warnings: [...opened.warnings, `library condition clips not resolved: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

/** Registers the `project:*` handlers; opening, creating and saving a project moves it to the top of the recent list. */
export function registerProjectHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const recent = async (p: { path: string; doc: { name: string } }): Promise<void> => {
    await touchRecent(services.dataDir, { path: p.path, name: p.doc.name }).catch(() => undefined); // never fail an open over the list
  };
  registry.register('project:new', async (req) => {
    const opened = await createProject(req.dir, req.name, req.video);
    await recent(opened);
    return opened;
  });
  registry.register('project:open', async (req) => {
    const opened = await withLibraryRefs(services, await loadProject(req.path));
    await recent(opened);
    return opened;
  });
  registry.register('project:save', async (req) => {
    const saved = await saveProject(req.path, req.doc);
    services.events.emit('project:saved', saved);
    await recent({ path: saved.path, doc: req.doc });
    return saved;
  });
  registry.register('project:recent', async () => ({ projects: await readRecent(services.dataDir) }));
  registry.register('project:relink', async (req) => relinkProject(req.path, req.folder));
}
