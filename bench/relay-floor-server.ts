/**
 * `node dist/bench/relay-floor-server.js --port=N --service=xmpp://… --domain=D [--secret=S] [--lean]`:
 * the relay's design floor (issue 20). It does the work of ofgate's relay path (a) and nothing
 * else, on node:http (keep-alive, no framework) and @xmpp/client, so relay-ab.ts can measure
 * what those two cost beside ofgate. It answers the calls bench/ofgate-chat.ts makes, so
 * relay-ofgate.ts's `openOfgatePath` drives it unchanged:
 * - `POST /restapi/v1/chat/{username}/login` (text body = password): opens the user's stream
 *   (relay-floor-stream.ts) and answers its stream id as text;
 * - `POST /restapi/v1/chat/{streamid}/messages/{to}` (text body, Basic credentials of the
 *   stream's user, compared with the login's password held in memory, no ejabberd call): sends
 *   `<message to type=chat id><body/></message>` built with @xmpp/xml as build-message.ts
 *   does, answers 200 empty once @xmpp/client's send resolved;
 * - `GET /sse/{username}` (Basic): an SSE response; every inbound message with a body becomes
 *   one frame `id:`, `event: chatapi.chat`, `data:` the JSON fields of ofgate's chatapi.chat
 *   event (stanza-events.ts: type, to, from, data, body), one write per frame;
 * - `POST /restapi/v1/chat/{streamid}/logoff` (the shared secret when --secret is given):
 *   closes the stream; `GET /healthz`.
 * `--port=0` takes a free port. Prints "listening <port>" on stdout when ready.
 * Rules: no store, log, metrics, throttling or event log: what is left is the floor. Unknown
 * stream 404, wrong credentials 401, a stream not online 503, anything else 404.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import xml, { type Element } from '@xmpp/xml';
import { openFloorStream, type FloorStream } from './relay-floor-stream.js';

interface FloorUser {
  readonly name: string;
  password: string;
  readonly sse: Set<ServerResponse>;
  nextEventId: number;
}

interface FloorSession {
  readonly user: FloorUser;
  readonly stream: FloorStream;
}

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const port = Number(value('port') ?? 0);
const service = value('service');
const domain = value('domain');
const secret = value('secret');
const lean = args.includes('--lean');
if (!service || !domain) throw new Error('usage: relay-floor-server --port=N --service=xmpp://host:port --domain=D [--secret=S] [--lean]');

const users = new Map<string, FloorUser>();
const sessions = new Map<string, FloorSession>();

function userOf(name: string): FloorUser {
  let u = users.get(name);
  if (!u) {
    u = { name, password: '', sse: new Set(), nextEventId: 1 };
    users.set(name, u);
  }
  return u;
}

/** Basic credentials decoded and compared with the password of the user's login. */
function authorized(req: IncomingMessage, user: FloorUser): boolean {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Basic ') || user.password === '') return false;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 && decoded.slice(0, i) === user.name && decoded.slice(i + 1) === user.password;
}

function deliver(user: FloorUser, el: Element): void {
  const body = el.getChildText('body');
  if (body === null || user.sse.size === 0) return;
  const data = JSON.stringify({ type: el.attrs.type ?? 'normal', to: el.attrs.to, from: el.attrs.from, data: null, body });
  const frame = `id: ${user.nextEventId++}\nevent: chatapi.chat\ndata: ${data}\n\n`;
  for (const res of user.sse) res.write(frame);
}

function answer(res: ServerResponse, status: number, text = ''): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
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

async function login(req: IncomingMessage, res: ServerResponse, username: string): Promise<void> {
  const password = (await readBody(req)).trim();
  if (!password) return answer(res, 401);
  const user = userOf(username);
  const stream = await openFloorStream({ service: service as string, domain: domain as string, username, password, lean, onMessage: (el) => deliver(user, el) });
  user.password = password;
  const sid = randomBytes(12).toString('hex');
  sessions.set(sid, { user, stream });
  answer(res, 200, sid);
}

async function sendMessage(req: IncomingMessage, res: ServerResponse, sid: string, to: string): Promise<void> {
  const body = await readBody(req);
  const s = sessions.get(sid);
  if (!s) return answer(res, 404);
  if (!authorized(req, s.user)) return answer(res, 401);
  if (!s.stream.isOnline()) return answer(res, 503);
  await s.stream.send(xml('message', { to, type: 'chat', id: randomUUID() }, xml('body', {}, body)));
  answer(res, 200);
}

async function logoff(req: IncomingMessage, res: ServerResponse, sid: string): Promise<void> {
  await readBody(req);
  if (secret !== undefined && req.headers.authorization !== secret) return answer(res, 401);
  const s = sessions.get(sid);
  if (!s) return answer(res, 404);
  sessions.delete(sid);
  await s.stream.close();
  answer(res, 200);
}

function openSse(req: IncomingMessage, res: ServerResponse, username: string): void {
  const user = users.get(username);
  if (!user || !authorized(req, user)) return answer(res, 401);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write('retry: 3000\n\n');
  user.sse.add(res);
  res.on('close', () => user.sse.delete(res));
}

/** `/restapi/v1/chat/…` and `/sse/…` split into decoded segments. */
async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0] as string;
  const seg = path.split('/').slice(1).map(decodeURIComponent);
  if (req.method === 'POST' && seg[0] === 'restapi' && seg[1] === 'v1' && seg[2] === 'chat' && seg[3]) {
    if (seg.length === 5 && seg[4] === 'login') return login(req, res, seg[3]);
    if (seg.length === 6 && seg[4] === 'messages' && seg[5]) return sendMessage(req, res, seg[3], seg[5]);
    if (seg.length === 5 && seg[4] === 'logoff') return logoff(req, res, seg[3]);
  }
  if (req.method === 'GET' && seg.length === 2 && seg[0] === 'sse' && seg[1]) return openSse(req, res, seg[1]);
  if (req.method === 'GET' && path === '/healthz') return answer(res, 200, 'ok');
  req.resume();
  answer(res, 404);
}

const server = createServer({ keepAlive: true }, (req, res) => {
  route(req, res).catch((err: Error) => {
    if (!res.headersSent) answer(res, 500, err.message);
    else res.destroy();
  });
});
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : port}\n`);
});
const shutdown = (): void => {
  server.close();
  server.closeAllConnections();
  void Promise.all([...sessions.values()].map((s) => s.stream.close())).then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
