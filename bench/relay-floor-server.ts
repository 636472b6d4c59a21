/**
 * `node dist/bench/relay-floor-server.js --port=N --service=xmpp://… --domain=D [--secret=S] [--lean] [--floor-router=node|express|fastify|express-bare|express-proto|express-server]`:
 * the relay's design floor (issue 20). It does the work of ofgate's relay path (a) and nothing
 * else (relay-floor-relay.ts) on @xmpp/client, behind one of three HTTP layers, so relay-ab.ts
 * can measure what those cost beside ofgate:
 * - `node` (the default): plain node:http, no framework (relay-floor-node.ts): the floor;
 * - `express`: Express 5 the way ofgate uses it (relay-floor-express.ts);
 * - `fastify`: fastify 5 as a fastify app would use it (relay-floor-fastify.ts);
 * - `express-bare`, `express-proto`: parts of Express's path alone around the node handler
 *   (relay-floor-express-parts.ts), to tell which part costs;
 * - `express-server`: the `express` layer on the server ofgate listens on
 *   (gateway/http/express-server.ts: no per-request prototype swap, no finalhandler).
 * It answers the calls bench/ofgate-chat.ts makes, so relay-ofgate.ts's `openOfgatePath` drives
 * it unchanged:
 * - `POST /restapi/v1/chat/{username}/login` (text body = password): opens the user's stream
 *   (relay-floor-stream.ts) and answers its stream id as text;
 * - `POST /restapi/v1/chat/{streamid}/messages/{to}` (text body, Basic credentials of the
 *   stream's user): sends the message, answers 200 empty once @xmpp/client's send resolved;
 * - `GET /sse/{username}` (Basic): an SSE response fed with every inbound message;
 * - `POST /restapi/v1/chat/{streamid}/logoff` (the shared secret when --secret is given):
 *   closes the stream; `GET /healthz`.
 * `--port=0` takes a free port. Prints "listening <port>" on stdout when ready. Every layer
 * listens on a node:http server made with `createServer({ keepAlive: true }, …)`.
 */
import { createServer, type Server } from 'node:http';
import { createExpressServer } from '../gateway/http/express-server.js';
import { expressFloorApp } from './relay-floor-express.js';
import { expressBareFloorApp, expressProtoFloorHandler } from './relay-floor-express-parts.js';
import { fastifyFloorServer } from './relay-floor-fastify.js';
import { nodeFloorHandler } from './relay-floor-node.js';
import { createFloorRelay, type FloorRelay } from './relay-floor-relay.js';

export const FLOOR_ROUTERS = ['node', 'express', 'fastify', 'express-bare', 'express-proto', 'express-server'] as const;
export type FloorRouter = (typeof FLOOR_ROUTERS)[number];

async function serverFor(router: FloorRouter, relay: FloorRelay): Promise<Server> {
  switch (router) {
    case 'node':
      return createServer({ keepAlive: true }, nodeFloorHandler(relay));
    case 'express':
      return createServer({ keepAlive: true }, expressFloorApp(relay));
    case 'fastify':
      return fastifyFloorServer(relay);
    case 'express-bare':
      return createServer({ keepAlive: true }, expressBareFloorApp(relay));
    case 'express-proto':
      return createServer({ keepAlive: true }, expressProtoFloorHandler(relay));
    case 'express-server':
      return createExpressServer(expressFloorApp(relay), { keepAlive: true });
  }
}

if (process.argv[1] && /relay-floor-server\.[jt]s$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const port = Number(value('port') ?? 0);
  const service = value('service');
  const domain = value('domain');
  const secret = value('secret');
  const router = (value('floor-router') ?? 'node') as FloorRouter;
  if (!service || !domain || !FLOOR_ROUTERS.includes(router)) {
    throw new Error(`usage: relay-floor-server --port=N --service=xmpp://host:port --domain=D [--secret=S] [--lean] [--floor-router=${FLOOR_ROUTERS.join('|')}]`);
  }
  const relay = createFloorRelay({ service, domain, lean: args.includes('--lean'), ...(secret !== undefined ? { secret } : {}) });
  const server = await serverFor(router, relay);
  server.listen(port, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : port}\n`);
  });
  const shutdown = (): void => {
    server.close();
    server.closeAllConnections();
    void relay.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
