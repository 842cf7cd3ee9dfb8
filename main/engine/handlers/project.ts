import type { EngineServices, HandlerRegistry } from '../core/registry';
import { createProject, loadProject, readRecent, relinkProject, saveProject, touchRecent } from '../project';

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
    const opened = await loadProject(req.path);
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
