import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES, UploadAnswer } from '../../main/contract/domains/upload';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';

/**
 * Issue 18 defect 7: a file dropped on a span in browser mode has no path, so its bytes go to `POST /upload` on the
 * real loopback server: size-limited, checked, written atomically into `<data>/imports/`, never over another file.
 */
let tmp: string;
let server: LoopbackServer;
let wav: Buffer;
const imports = () => path.join(tmp, 'data', 'imports');

interface Reply {
  status: number;
  body: string;
}

/** One raw request (Node's http: headers exactly as given, body optional). */
function post(query: string, body: Buffer | null, headers: Record<string, string | number> = {}, opts: { method?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: `/upload?token=${server.token}&${query}`, method: opts.method ?? 'POST',
      headers: { Origin: `http://127.0.0.1:${server.port}`, ...(body ? { 'Content-Length': body.length } : {}), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const ok = (r: Reply) => {
  const a = UploadAnswer.parse(JSON.parse(r.body));
  if (!a.ok) throw new Error(`${r.status}: ${a.error.message}`);
  return a.result;
};
const refused = (r: Reply) => {
  const a = UploadAnswer.parse(JSON.parse(r.body));
  if (a.ok) throw new Error('accepted');
  return a.error.message;
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'a2s-upload-'));
  wav = execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=0.5:sample_rate=48000', '-f', 'wav', '-']);
  server = await startLoopbackServer({ engine: new Engine({ dataDir: path.join(tmp, 'data') }) });
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('POST /upload', () => {
  it('writes the bytes into the imports folder and answers the path and hash; the same drop again is the same file', async () => {
    const r = ok(await post('name=rain.wav', wav));
    expect(r.path).toBe(path.join(imports(), 'rain.wav'));
    expect(r.sha256).toBe(createHash('sha256').update(wav).digest('hex'));
    expect(readFileSync(r.path).equals(wav)).toBe(true);
    expect(r.reused).toBe(false);
    expect(ok(await post('name=rain.wav', wav))).toMatchObject({ path: r.path, reused: true });
    // Other bytes under the same name never replace the first file.
    const other = Buffer.from(wav);
    other[other.length - 1] ^= 0xff;
    const second = ok(await post('name=rain.wav', other));
    expect(second.path).toBe(path.join(imports(), 'rain-2.wav'));
    expect(readFileSync(r.path).equals(wav)).toBe(true);
    expect(readdirSync(imports()).sort()).toEqual(['rain-2.wav', 'rain.wav']); // no temp left
  });

  it('keeps only the last part of the name: nothing lands outside the imports folder', async () => {
    expect(ok(await post(`name=${encodeURIComponent('../../escape.wav')}`, wav)).path).toBe(path.join(imports(), 'escape.wav'));
    expect(existsSync(path.join(tmp, 'escape.wav'))).toBe(false);
  });

  it('refuses other names, types and content, saying why, and keeps nothing', async () => {
    const before = readdirSync(imports()).sort();
    expect(refused(await post('name=notes.txt', Buffer.from('hello')))).toContain('not a sound file');
    expect(refused(await post('name=.hidden.wav', wav))).toContain('not a usable file name');
    const fake = await post('name=fake.wav', Buffer.from('this is a text file, renamed'));
    expect(fake.status).toBe(400);
    expect(refused(fake)).toContain('its content is not WAV');
    expect(readdirSync(imports()).sort()).toEqual(before);
  });

  it('needs a length within the limit, a POST and the page\'s own Origin', async () => {
    const chunked = await post('name=a.wav', null, { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(411);
    // Refused from the header alone: the body is never sent.
    const huge = await post('name=a.wav', null, { 'Content-Length': UPLOAD_MAX_BYTES + 1 });
    expect(huge.status).toBe(413);
    expect(refused(huge)).toContain('import it by path');
    expect((await post('name=a.wav', wav, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('name=a.wav', null, {}, { method: 'GET' })).status).toBe(405);
  });

  it('a client that goes away mid-body leaves no file and no temp', async () => {
    const before = readdirSync(imports()).sort();
    const req = http.request({ host: '127.0.0.1', port: server.port, path: `/upload?token=${server.token}&name=cut.wav`, method: 'POST',
      headers: { Origin: `http://127.0.0.1:${server.port}`, 'Content-Length': wav.length } });
    req.on('error', () => undefined);
    req.write(wav.subarray(0, 1000));
    // The server is writing its temp file; then the client vanishes.
    await expect.poll(() => readdirSync(imports()).some((n) => n.endsWith('.tmp')), { timeout: 30_000 }).toBe(true);
    req.destroy();
    await expect.poll(() => readdirSync(imports()).sort(), { timeout: 30_000 }).toEqual(before);
  });
});
