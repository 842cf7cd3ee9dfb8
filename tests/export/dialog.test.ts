import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { ExportController, type ExportPhase } from '../../renderer/src/export/controller';
import { defaultForm, formErrors, toRequest } from '../../renderer/src/export/form';
import type { A2sClient } from '../../renderer/src/transport/types';
import { tmpDir } from '../project/helpers';
import { makeFixture, type Fixture } from './fixture';

/** The renderer's client interface, carried in-process to a real engine (what the WebSocket transport does). */
function inProcessClient(engine: Engine): A2sClient {
  return {
    transport: 'websocket',
    invoke: (channel, payload) => engine.call(channel, payload),
    on: (event, listener) => engine.events.subscribe((e, p) => e === event && listener(p as never)),
  };
}

function until(ctl: ExportController, ok: (p: ExportPhase) => boolean): Promise<ExportPhase> {
  return new Promise((resolve) => {
    if (ok(ctl.get())) return resolve(ctl.get());
    const off = ctl.subscribe(() => {
      if (ok(ctl.get())) {
        off();
        resolve(ctl.get());
      }
    });
  });
}

describe('export dialog logic against the real engine', () => {
  const root = tmpDir('export-dialog');
  const engine = new Engine({ dataDir: path.join(root, 'data') });
  let fx: Fixture;
  beforeAll(async () => {
    fx = await makeFixture(root, 'Dialog');
  });

  it('validates the form and builds the contract request', () => {
    const f = defaultForm(fx.projectDir);
    expect(f.outDir).toBe(path.join(root, 'Dialog-export'));
    expect(formErrors({ ...f, normalise: true, loudness: '+5' })).toEqual(['Loudness target must be between −70 and 0 LUFS.']);
    expect(formErrors({ ...f, useRange: true, rangeStart: '2', rangeEnd: '1' })).toHaveLength(1);
    expect(toRequest({ ...f, normalise: true, muxStems: true }, fx.projectDir, false)).toMatchObject({ loudness: -23, truePeak: -1, muxStems: false, force: false });
  });

  it('exports, then asks before overwriting, then overwrites on confirm', async () => {
    const ctl = new ExportController(inProcessClient(engine), fx.projectDir);
    const form = { ...defaultForm(fx.projectDir), otio: true };
    const stages: string[] = [];
    ctl.subscribe(() => ctl.get().kind === 'running' && stages.push((ctl.get() as { stage: string }).stage));
    void ctl.submit(form);
    const done = await until(ctl, (p) => p.kind === 'done' || p.kind === 'failed');
    expect(done.kind).toBe('done');
    if (done.kind !== 'done') return;
    expect(existsSync(done.result.rpp!) && existsSync(done.result.otio!)).toBe(true);
    expect(stages).toContain('starting');

    void ctl.submit(form);
    const confirm = await until(ctl, (p) => p.kind === 'confirm' || p.kind === 'failed');
    expect(confirm).toMatchObject({ kind: 'confirm', existing: expect.arrayContaining([done.result.mix, done.result.rpp]) });
    void ctl.confirm();
    expect((await until(ctl, (p) => p.kind === 'done' || p.kind === 'failed')).kind).toBe('done');
    ctl.dispose();
  });

  it('cancels a running export', async () => {
    const ctl = new ExportController(inProcessClient(engine), fx.projectDir);
    void ctl.submit({ ...defaultForm(fx.projectDir), outDir: path.join(root, 'cancel'), mux: true });
    await until(ctl, (p) => p.kind === 'running' && p.jobId !== '');
    await ctl.cancel();
    expect((await until(ctl, (p) => p.kind !== 'running')).kind).toBe('cancelled');
    ctl.dispose();
  });
});
