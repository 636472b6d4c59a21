/**
 * The relay floor through fastify 5 (relay-floor-server.ts --floor-router=fastify), measured
 * beside node:http and Express by relay-ab.ts (issue 20: would a switch pay?). A bench-only
 * comparison (fastify is a devDependency). The same relay work (relay-floor-relay.ts) behind
 * fastify's own parts, used as a fastify app would use them:
 * - its router (find-my-way) with the floor's routes declared as fastify routes;
 * - one catch-all content-type parser collecting the body as a string whatever the
 *   Content-Type (ofgate's text routes take any type), fastify's default body limit (1 MiB,
 *   ofgate's default too);
 * - a handler that reads what ofgate's handler reads per request (params, query, client
 *   address) and answers with `reply.code(n).send()`, the login's stream id as text/plain;
 * - the SSE response taken over with `reply.hijack()` and written on the raw response;
 * - no logger, no schemas (no validation or serialiser compiled: the bodies are text).
 * The server is node:http's, made as the other layers make theirs (serverFactory).
 */
import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { FloorAnswer, FloorRelay } from './relay-floor-relay.js';

type IdParams = { id: string };
type MessageParams = { id: string; to: string };

function answer(reply: FastifyReply, a: FloorAnswer): FastifyReply {
  if (a.text !== undefined) return reply.code(a.status).type('text/plain; charset=utf-8').send(a.text);
  return reply.code(a.status).send();
}

/** What ofgate's route handler reads of every request (mount-routes.ts handlerFor, routeRequest). */
function touchRequest(req: FastifyRequest): void {
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) query[k] = typeof v === 'string' ? v : undefined;
  (req as FastifyRequest & { floorRequest?: unknown }).floorRequest = { params: req.params, query, clientAddress: req.ip };
}

const bodyText = (req: FastifyRequest): string => (typeof req.body === 'string' ? req.body : '');

/** A fastify app serving the floor's routes on a node:http server (ready, not yet listening). */
export async function fastifyFloorServer(relay: FloorRelay): Promise<Server> {
  let server: Server | undefined;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => (server = createServer({ keepAlive: true }, handler)),
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post<{ Params: IdParams }>('/restapi/v1/chat/:id/login', async (req, reply) => {
    touchRequest(req);
    return answer(reply, await relay.login(req.params.id, bodyText(req)));
  });
  app.post<{ Params: MessageParams }>('/restapi/v1/chat/:id/messages/:to', async (req, reply) => {
    touchRequest(req);
    return answer(reply, await relay.sendMessage(req.params.id, req.params.to, bodyText(req), req.headers.authorization));
  });
  app.post<{ Params: IdParams }>('/restapi/v1/chat/:id/logoff', async (req, reply) => {
    touchRequest(req);
    return answer(reply, await relay.logoff(req.params.id, req.headers.authorization));
  });
  app.get<{ Params: IdParams }>('/sse/:id', (req, reply) => {
    touchRequest(req);
    reply.hijack();
    const refused = relay.openSse(req.params.id, req.headers.authorization, reply.raw);
    if (refused) reply.raw.writeHead(refused.status, { 'Content-Length': 0 }).end();
  });
  app.get('/healthz', async (_req, reply) => answer(reply, { status: 200, text: 'ok' }));
  await app.ready();
  if (!server) throw new Error('fastify did not make its server');
  return server;
}
