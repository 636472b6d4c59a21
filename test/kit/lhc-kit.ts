/**
 * Helpers for the LHC bridge e2e tests: an ofgate with lhc.* settings on the shared world's
 * ejabberd (its own memory store unless told), fed with the world's hook events; a call as LHC's
 * PHP makes it (JSON with secret_key merged in, `\/` escaped as PHP's json_encode does); and
 * ejabberd look-ups to check what a call left behind; a real HTTP server standing in for LHC's
 * PHP callbacks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DEFAULT_HOOK_PATH, SECRET_HEADER, SIGNATURE_HEADER, signBody, type HookEvent, type HookEventName } from '../../hooks/index.js';
import type { Stack } from '../harness/start-stack.js';
import { eventually } from './eventually.js';
import { shimForwards } from './shim-forwards.js';
import { ejabberdApi } from './xmpp-test-client.js';
import { startWorldGateway, type WorldGateway } from '../harness/world-gateway.js';

const RELAYED: readonly HookEventName[] = ['presence_set', 'presence_unset', 'session_opened', 'session_closed', 'message_sent', 'message_offline', 'muc_join', 'muc_leave'];

export type LhcGateway = WorldGateway;

/** An in-process ofgate beside the world with the LHC bridge on, fed the hook events the bridge reads. */
export function startLhc(w: Stack, overrides: Readonly<Record<string, unknown>> = {}): Promise<LhcGateway> {
  return startWorldGateway(w, { relayed: RELAYED, overrides: { 'lhc.enabled': true, ...overrides } });
}

/** PHP's json_encode: `/` escaped as `\/`. */
export const phpJson = (body: Readonly<Record<string, unknown>>): string => JSON.stringify(body).replace(/\//g, '\\/');

export interface LhcReply {
  readonly status: number;
  readonly text: string;
  readonly json: { error?: boolean; msg?: string } | undefined;
}

/** POST /lhc/{route} as LHC's PHP does (secret_key merged into the JSON body). */
export async function lhcCall(g: LhcGateway, route: string, body: Readonly<Record<string, unknown>>, secret: string | undefined): Promise<LhcReply> {
  const full = secret === undefined ? body : { ...body, secret_key: secret };
  return lhcRaw(g, route, phpJson(full));
}

export async function lhcRaw(g: LhcGateway, route: string, text: string, contentType = 'application/json'): Promise<LhcReply> {
  const res = await request(g.url).post(`/lhc/${route}`).set('Content-Type', contentType).send(text);
  let json: LhcReply['json'];
  try {
    json = JSON.parse(res.text) as LhcReply['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, text: res.text, json };
}

export async function accountExists(w: Stack, user: string, host: string): Promise<boolean> {
  return (await ejabberdApi<number>(w.ej.apiUrl, 'check_account', { user, host })) === 0;
}

export async function groupMembers(w: Stack, group: string, host: string): Promise<string[]> {
  return ejabberdApi<string[]>(w.ej.apiUrl, 'srg_get_members', { group, host });
}

export async function groupExists(w: Stack, group: string, host: string): Promise<boolean> {
  const groups = await ejabberdApi<string[]>(w.ej.apiUrl, 'srg_list', { host });
  return groups.includes(group);
}

export async function allUsers(w: Stack, host: string): Promise<string[]> {
  return (await ejabberdApi<string[]>(w.ej.apiUrl, 'registered_users', { host })).sort();
}

export async function allGroups(w: Stack, host: string): Promise<string[]> {
  return (await ejabberdApi<string[]>(w.ej.apiUrl, 'srg_list', { host })).sort();
}

/** Waits until mod_ofgate forwards the events the bridge reads (the world's bus just gained their listeners). */
export function shimForwardsLhcEvents(w: Stack): Promise<void> {
  return shimForwards(w, RELAYED, 'the LHC callback e2e tests');
}

export interface ReceivedCallback {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly id: string;
}

/**
 * A real HTTP server standing in for LHC's PHP (/xmppservice/processmessage and
 * /xmppservice/operatorstatus): records what it accepts (200, empty, as LHC), or refuses
 * everything with 503 while `down` (an LHC outage; the refused tries are counted).
 */
export interface StandInLhc {
  readonly url: string;
  readonly received: ReceivedCallback[];
  down: boolean;
  refused: number;
  /** Resolves once `count` callbacks matching `match` arrived (bounded). */
  waitFor(match: (c: ReceivedCallback) => boolean, count?: number, timeoutMs?: number, what?: string): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

export async function startStandInLhc(): Promise<StandInLhc> {
  const received: ReceivedCallback[] = [];
  const s: { down: boolean; refused: number } = { down: false, refused: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (s.down) {
        s.refused += 1;
        res.writeHead(503).end();
        return;
      }
      const h = (name: string): string => String(req.headers[name] ?? '');
      received.push({ path: req.url ?? '', contentType: h('content-type'), body: Buffer.concat(chunks).toString('utf8'), timestamp: h('x-ofgate-timestamp'), signature: h('x-ofgate-signature'), id: h('x-ofgate-callback-id') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get down() { return s.down; },
    set down(v: boolean) { s.down = v; },
    get refused() { return s.refused; },
    set refused(v: number) { s.refused = v; },
    async waitFor(match, count = 1, timeoutMs = 15_000, what = 'callbacks') {
      await eventually(() => received.filter(match).length >= count, `${count} ${what}`, timeoutMs);
      return received.filter(match);
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A hook event back in the shim's wire form (snake_case). */
function toWire(e: HookEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k === 'messageId' ? 'msg_id' : k === 'chatState' ? 'chat_state' : k] = v;
  return out;
}

export interface HookRelay {
  /** Resolves once every event relayed so far was accepted (200) by the target. */
  drained(): Promise<void>;
  stop(): void;
}

/**
 * Relays the world's hook events (the kinds the bridge reads) to another ofgate's hook intake,
 * signed as mod_ofgate signs them, one POST at a time in event order: a child-process ofgate then
 * sees real XMPP activity. A POST the target refuses (down, restarting) is retried until it
 * answers 200 (bounded), so nothing is skipped across a restart.
 */
export function relayHooksTo(w: Stack, targetUrl: string, hookSecret: string): HookRelay {
  let chain: Promise<void> = Promise.resolve();
  const post = async (e: HookEvent): Promise<void> => {
    const body = JSON.stringify({ events: [toWire(e)] });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`${targetUrl}${DEFAULT_HOOK_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: hookSecret, [SIGNATURE_HEADER]: signBody(hookSecret, body) }, body, signal: AbortSignal.timeout(5000) });
        if (res.ok) return;
      } catch {
        // target down: try again
      }
      if (Date.now() > deadline) throw new Error(`relay: ${targetUrl} refused event ${e.id} for 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const offs = RELAYED.map((kind) => w.gateway.hooks.subscribe(kind, (e) => {
    chain = chain.then(() => post(e));
  }));
  return {
    drained: () => chain,
    stop: () => offs.forEach((off) => off()),
  };
}
