import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../main/contract/domains/project-doc';
import { createProject } from '../../main/engine/project';
import { tmpDir } from './helpers';

/** Start the save loop in a real child process, wait for `saves` saves, then SIGKILL it mid-write. */
function runAndKill(script: string, project: string, saves: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, project], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      last = Number(lines[lines.length - 1]);
      if (last >= saves) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`save loop exited on its own (${signal})`))));
  });
}

describe('project save survives kill -9', () => {
  it('project.json always parses and validates, old or new, after the writer is killed mid-loop', async () => {
    const root = tmpDir('crash');
    const script = path.join(root, 'save-loop.cjs');
    buildSync({ entryPoints: [path.join(__dirname, 'save-loop.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    const { path: project } = await createProject(root, 'Crash');
    let previous = 0;
    for (let round = 0; round < 6; round++) {
      // kill at a different point each round: after 3..8 more saves
      await runAndKill(script, project, 3 + round);
      const doc = ProjectDoc.parse(JSON.parse(readFileSync(path.join(project, 'project.json'), 'utf8')));
      const m = /^save (\d+) n (\d+)$/.exec(doc.name);
      if (m) {
        expect(doc.markers).toHaveLength(Number(m[2])); // the whole document of one save, not a mix of two
        previous = Number(m[1]);
      }
      JSON.parse(readFileSync(path.join(project, 'project.json.bak'), 'utf8'));
    }
    expect(previous).toBeGreaterThan(0);
    // Temp files of killed writers may remain (they are dot files that open/save ignore); never a torn project.json.
    expect(readdirSync(project).filter((f) => !f.startsWith('.')).sort()).toEqual(['project.json', 'project.json.bak', 'renders']);
  });
});
