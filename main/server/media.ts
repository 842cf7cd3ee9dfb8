import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine/host';
import { mediaAllowList, mediaReply } from '../engine/media-access';

const PREFIX = '/media/';

/**
 * `/media/<id>` on the loopback server (the token was checked before this runs): files from the allow-list only,
 * with Range for seeking. No listing: `/media/` and anything that is not an id is a plain 404.
 * Returns false when the path is not a media path, so the caller goes on to static files.
 */
export function serveMedia(engine: Engine, pathname: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (!pathname.startsWith(PREFIX)) return false;
  const id = pathname.slice(PREFIX.length);
  void mediaReply(mediaAllowList(engine.services), id, req.method ?? 'GET', req.headers.range).then(async (reply) => {
    res.writeHead(reply.status, reply.headers);
    if (!reply.body) {
      res.end(req.method === 'HEAD' ? undefined : reply.message);
      return;
    }
    // A seeking <video> aborts requests all the time: a closed socket is normal, not an error worth reporting.
    await pipeline(reply.body, res).catch(() => reply.body?.destroy());
  });
  return true;
}
