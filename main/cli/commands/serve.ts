import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../engine/host';
import { UsageError, type CliCommand } from '../command';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the editor to a browser on 127.0.0.1 (browser mode)',
  usage: 'a2s serve [--port N] [--data DIR] [--root DIR]...   (--root: a folder the file picker may list besides your home)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, data: { type: 'string' }, root: { type: 'string', multiple: true } },
      strict: true,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
    // Loaded here, not at start: the server and its WebSocket library cost every other command's cold start ~25 ms.
    const { startLoopbackServer } = await import('../../server/loopback');
    const engine = new Engine({ dataDir: values.data });
    const rendererDir = path.join(__dirname, 'renderer');
    const server = await startLoopbackServer({ engine, rendererDir, port, browseRoots: values.root ?? [] });
    io.out(`Action2Sound Studio is serving at ${server.url}`);
    io.out('Open that URL in Chromium/Chrome; the token in it is required. Ctrl-C stops.');
    await new Promise<void>((resolve) => {
      const stop = (): void => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
