import { describe, expect, it } from 'vitest';
import { Engine } from './host';

const ctx = { transport: 'in-process' as const, clientId: 't' };

describe('Engine.handle', () => {
  const engine = new Engine({ dataDir: '/tmp/a2s-test-host' });

  it('answers a valid request', async () => {
    expect(await engine.handle('app:echo', { text: 'hi' }, ctx)).toEqual({ ok: true, result: { text: 'hi' } });
  });

  it('names the missing field in a validation error', async () => {
    const res = await engine.handle('app:echo', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.text' } });
  });

  it('rejects unknown extra fields (strict schemas)', async () => {
    const res = await engine.handle('app:info', { sneaky: true }, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('rejects an unknown channel without throwing', async () => {
    const res = await engine.handle('fs:readEverything', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('has a handler for every channel of the contract', async () => {
    const { channels } = await import('../contract');
    expect(engine.channelsHandled().sort()).toEqual(Object.keys(channels).sort());
  });
});
