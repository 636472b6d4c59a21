/**
 * The relay floor's work (issue 20), whatever HTTP layer serves it (relay-floor-server.ts
 * --floor-router=node|express|fastify): the users' logins and XMPP streams
 * (relay-floor-stream.ts), a message sent on a stream, the users' SSE responses fed with
 * every inbound message. Each operation answers a status (and text) that the HTTP layer sends
 * its own way, so the three layers do exactly the same relay work.
 * Rules: no store, log, metrics, throttling or event log: what is left is the floor.
 * Unknown stream 404, wrong credentials 401, a stream not online 503, an empty password 401.
 * Message credentials are Basic ones of the stream's user, compared with the login's password
 * held in memory (no ejabberd call); logoff carries the shared secret when one is given.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import xml, { type Element } from '@xmpp/xml';
import { openFloorStream, type FloorStream } from './relay-floor-stream.js';

export interface FloorAnswer {
  readonly status: number;
  /** The text body (text/plain); none: an empty body. */
  readonly text?: string;
}

export interface FloorRelayOptions {
  readonly service: string;
  readonly domain: string;
  /** What the logoff call must carry (bench/ofgate-chat.ts sends ofgate's shared secret). */
  readonly secret?: string;
  /** ofgate's JID fast path and write coalescing on (relay-floor-stream.ts). */
  readonly lean: boolean;
}

export interface FloorRelay {
  /** Opens the user's stream; the stream id as text. */
  login(username: string, password: string): Promise<FloorAnswer>;
  /** Sends `<message to type=chat id><body/></message>` (built as build-message.ts does); 200 once sent. */
  sendMessage(sid: string, to: string, body: string, authorization: string | undefined): Promise<FloorAnswer>;
  logoff(sid: string, authorization: string | undefined): Promise<FloorAnswer>;
  /**
   * Opens the user's SSE response on `res` (headers, `retry:`, then one frame per inbound
   * message: `id:`, `event: chatapi.chat`, `data:` ofgate's chatapi.chat JSON fields, one write
   * per frame). Undefined when opened; else the answer to send instead.
   */
  openSse(username: string, authorization: string | undefined, res: ServerResponse): FloorAnswer | undefined;
  /** Closes every stream. */
  close(): Promise<void>;
}

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

const OK: FloorAnswer = { status: 200 };
const UNAUTHORIZED: FloorAnswer = { status: 401 };
const NOT_FOUND: FloorAnswer = { status: 404 };
const NOT_ONLINE: FloorAnswer = { status: 503 };

export function createFloorRelay(o: FloorRelayOptions): FloorRelay {
  const users = new Map<string, FloorUser>();
  const sessions = new Map<string, FloorSession>();

  const userOf = (name: string): FloorUser => {
    let u = users.get(name);
    if (!u) {
      u = { name, password: '', sse: new Set(), nextEventId: 1 };
      users.set(name, u);
    }
    return u;
  };

  /** Basic credentials decoded and compared with the password of the user's login. */
  const authorized = (h: string | undefined, user: FloorUser): boolean => {
    if (!h || !h.startsWith('Basic ') || user.password === '') return false;
    const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return i > 0 && decoded.slice(0, i) === user.name && decoded.slice(i + 1) === user.password;
  };

  const deliver = (user: FloorUser, el: Element): void => {
    const body = el.getChildText('body');
    if (body === null || user.sse.size === 0) return;
    const data = JSON.stringify({ type: el.attrs.type ?? 'normal', to: el.attrs.to, from: el.attrs.from, data: null, body });
    const frame = `id: ${user.nextEventId++}\nevent: chatapi.chat\ndata: ${data}\n\n`;
    for (const res of user.sse) res.write(frame);
  };

  return {
    async login(username, rawPassword) {
      const password = rawPassword.trim();
      if (!password) return UNAUTHORIZED;
      const user = userOf(username);
      const stream = await openFloorStream({ service: o.service, domain: o.domain, username, password, lean: o.lean, onMessage: (el) => deliver(user, el) });
      user.password = password;
      const sid = randomBytes(12).toString('hex');
      sessions.set(sid, { user, stream });
      return { status: 200, text: sid };
    },
    async sendMessage(sid, to, body, authorization) {
      const s = sessions.get(sid);
      if (!s) return NOT_FOUND;
      if (!authorized(authorization, s.user)) return UNAUTHORIZED;
      if (!s.stream.isOnline()) return NOT_ONLINE;
      await s.stream.send(xml('message', { to, type: 'chat', id: randomUUID() }, xml('body', {}, body)));
      return OK;
    },
    async logoff(sid, authorization) {
      if (o.secret !== undefined && authorization !== o.secret) return UNAUTHORIZED;
      const s = sessions.get(sid);
      if (!s) return NOT_FOUND;
      sessions.delete(sid);
      await s.stream.close();
      return OK;
    },
    openSse(username, authorization, res) {
      const user = users.get(username);
      if (!user || !authorized(authorization, user)) return UNAUTHORIZED;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write('retry: 3000\n\n');
      user.sse.add(res);
      res.on('close', () => user.sse.delete(res));
      return undefined;
    },
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.stream.close()));
    },
  };
}
