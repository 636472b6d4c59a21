/**
 * The relay floor on plain node:http (relay-floor-server.ts --floor-router=node, the default):
 * the request handler that matches the floor's routes by hand (relay-floor-routes.ts), reads
 * the body as a utf-8 string, and answers with one writeHead + end. No framework: this is the
 * floor the Express and fastify layers are compared with.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { FloorAnswer, FloorRelay } from './relay-floor-relay.js';
import { matchFloorRoute } from './relay-floor-routes.js';

function answer(res: ServerResponse, a: FloorAnswer): void {
  const text = a.text ?? '';
  res.writeHead(a.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function route(relay: FloorRelay, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0] as string;
  const r = matchFloorRoute(req.method, path);
  const auth = req.headers.authorization;
  switch (r?.kind) {
    case 'login':
      return answer(res, await relay.login(r.username, await readBody(req)));
    case 'message': {
      const body = await readBody(req);
      return answer(res, await relay.sendMessage(r.sid, r.to, body, auth));
    }
    case 'logoff':
      await readBody(req);
      return answer(res, await relay.logoff(r.sid, auth));
    case 'sse': {
      const refused = relay.openSse(r.username, auth, res);
      if (refused) answer(res, refused);
      return;
    }
    case 'health':
      return answer(res, { status: 200, text: 'ok' });
    default:
      req.resume();
      return answer(res, { status: 404 });
  }
}

export function nodeFloorHandler(relay: FloorRelay): RequestListener {
  return (req, res) => {
    route(relay, req, res).catch((err: Error) => {
      if (!res.headersSent) answer(res, { status: 500, text: err.message });
      else res.destroy();
    });
  };
}
