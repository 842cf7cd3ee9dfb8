import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RecentProject } from '../../contract/domains/project';
import { writeFileAtomic } from './atomic';

const MAX_RECENT = 20;
const RecentFile = z.object({ projects: z.array(RecentProject) });

function fileOf(dataDir: string): string {
  return path.join(dataDir, 'recent.json');
}

/** The recent projects, newest first; a damaged or absent file is an empty list (it is only a convenience). */
export async function readRecent(dataDir: string): Promise<RecentProject[]> {
  try {
    return RecentFile.parse(JSON.parse(await fs.readFile(fileOf(dataDir), 'utf8'))).projects;
  } catch {
    return [];
  }
}

let chain: Promise<unknown> = Promise.resolve();

/** Move (or add) a project to the top of the list; serialised so concurrent opens do not lose entries. */
export function touchRecent(dataDir: string, entry: { path: string; name: string }): Promise<RecentProject[]> {
  const run = chain.catch(() => undefined).then(async () => {
    const list = (await readRecent(dataDir)).filter((p) => p.path !== entry.path);
    list.unshift({ ...entry, openedAt: new Date().toISOString() });
    const projects = list.slice(0, MAX_RECENT);
    await fs.mkdir(dataDir, { recursive: true });
    await writeFileAtomic(fileOf(dataDir), JSON.stringify({ projects }, null, 2) + '\n');
    return projects;
  });
  chain = run;
  return run;
}
