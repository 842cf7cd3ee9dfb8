import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../main/contract/domains/project-doc';
import { Engine } from '../../main/engine/host';
import { tempDir } from '../shell/media-fixtures';
import { serveChild } from './small-disk';
import { connect } from './ws-client';

/**
 * The whole product path, not just the writer: `a2s serve` (a real child process) gets project:save requests over
 * its WebSocket and is killed with SIGKILL while some are in flight. The project must then open, old or new
 * version, never torn. (tests/project/crash.test.ts covers the save loop alone; this adds the transport.)
 */
/** Per round: kill after this many answered saves, plus this many ms (saves keep streaming in meanwhile). */
const ROUNDS: Array<[number, number]> = [[1, 0], [2, 7], [1, 23], [3, 3], [2, 41], [1, 12]];

describe('kill -9 of a2s serve during project saves', () => {
  it('the project opens after every kill, with one whole document', async () => {
    const dataDir = tempDir('a2s-kill-data-');
    const first = await serveChild(dataDir);
    const setup = await connect(first.port, first.token);
    const created = await setup.call('project:new', { dir: tempDir('a2s-kill-proj-'), name: 'KillSave' });
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    const { path: project, doc } = created.result as { path: string; doc: ProjectDoc };
    setup.close();
    await first.stop();

    const log: Array<{ round: number; fired: number; answered: number; opened: string }> = [];
    for (const [round, [afterAnswers, delayMs]] of ROUNDS.entries()) {
      const served = await serveChild(dataDir);
      const client = await connect(served.port, served.token);
      let answered = 0;
      let fired = 0;
      const exited = new Promise<void>((resolve) => served.child.once('exit', () => resolve()));
      // Saves of different sizes back to back; a torn write would show as bad JSON or a wrong marker count.
      const alive = (): boolean => served.child.exitCode === null && served.child.signalCode === null;
      const pump = (async () => {
        // Keep four saves in flight at all times, so the kill always lands on pending writes.
        for (let i = 1; i <= 200 && alive(); i++) {
          while (fired - answered >= 4 && alive()) await new Promise((r) => setTimeout(r, 1));
          const n = 100 + ((i * 7919 + round * 31) % 1500);
          const markers = Array.from({ length: n }, (_, k) => ({ id: `m${k}`, time: k / 10, label: `round ${round} save ${i} marker ${k}` }));
          fired++;
          void client.call('project:save', { path: project, doc: { ...doc, name: `save ${round}-${i} n ${n}`, markers } }).then((r) => r.ok && answered++);
        }
      })();
      const deadline = Date.now() + 30_000;
      while (answered < afterAnswers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, delayMs));
      served.child.kill('SIGKILL');
      await exited;
      await pump;
      client.close();

      // Open it the way the app does (in-process engine, real files), and check the document is whole.
      const opened = await new Engine({ dataDir: tempDir('a2s-kill-check-') }).handle('project:open', { path: project }, { transport: 'in-process', clientId: 'check' });
      expect(opened.ok, JSON.stringify(opened)).toBe(true);
      const onDisk = ProjectDoc.parse(JSON.parse(readFileSync(path.join(project, 'project.json'), 'utf8')));
      const m = /^save \d+-\d+ n (\d+)$/.exec(onDisk.name);
      if (m) expect(onDisk.markers).toHaveLength(Number(m[1]));
      else expect(onDisk.name).toBe('KillSave');
      if (existsSync(path.join(project, 'project.json.bak'))) ProjectDoc.parse(JSON.parse(readFileSync(path.join(project, 'project.json.bak'), 'utf8')));
      log.push({ round, fired, answered, opened: onDisk.name });
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/faults-kill-save.json', JSON.stringify(log, null, 2));
    // The kills really hit saves in flight (more sent than answered), and some saves did land.
    expect(log.filter((r) => r.fired > r.answered).length).toBeGreaterThanOrEqual(ROUNDS.length - 1);
    expect(log.some((r) => r.opened !== 'KillSave')).toBe(true);
  }, 120_000);
});
