/**
 * Helpers for the click-to-chat e2e tests. Each test file runs its own ofgate (in this process,
 * its own memory store and its own clicktochat settings) against the shared world's ejabberd,
 * fed with the world's hook events (the shim posts to the world's ofgate; its bus hands the
 * presence and session events on here), so files do not share a queue. Helpdesk users live on
 * the harness's second virtual host (helpdesk.{domain}), clients on the domain.
 *
 * A helpdesk user's presence (its first one included, with its show) is awaited until ejabberd
 * reflects it: ejabberd runs set_presence_hook before it broadcasts, so the shim has queued the
 * event by then, ahead of anything a later user does. A presence only written to the socket may
 * be handled after the next user's whole login (seen: ~100 ms later), and a test that reads
 * the queue would then race it.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { helpdeskHostOf } from '../harness/ejabberd-config.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldGateway, type WorldGateway } from '../harness/world-gateway.js';
import { eventually } from './eventually.js';
import { unique } from './unique.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from './xmpp-test-client.js';

/** The hook events click-to-chat (and the online view under it) read. */
const RELAYED = ['presence_set', 'presence_unset', 'session_closed', 'user_removed'] as const;

export interface ClickToChatGateway extends WorldGateway {
  readonly clientHost: string;
  readonly helpdeskHost: string;
}

/** An ofgate on the world's ejabberd with these clicktochat.* (and other dotted) settings. */
export async function startClickToChat(w: Stack, overrides: Readonly<Record<string, unknown>> = {}): Promise<ClickToChatGateway> {
  const g = await startWorldGateway(w, { relayed: RELAYED, overrides });
  return { ...g, clientHost: w.domain, helpdeskHost: helpdeskHostOf(w.domain) };
}

export interface HelpdeskUser {
  readonly name: string;
  readonly jid: string;
  readonly xmpp: TestXmpp;
  /** Sends a presence with this show ('' = available); resolves once ejabberd reflected it. */
  show(show: '' | 'away' | 'dnd' | 'xa'): Promise<void>;
}

/** Sends an available presence with this show and waits for ejabberd's reflection of it. */
async function sendShow(x: TestXmpp, show: '' | 'away' | 'dnd' | 'xa'): Promise<void> {
  const from = x.received.length;
  const reflected = x.waitFor(
    (el) => el.is('presence') && el.attrs.from === x.jid && !el.attrs.type && (el.getChildText('show') ?? '') === show && x.received.indexOf(el) >= from,
    5000,
    `the reflection of our presence '${show}'`,
  );
  await x.send(show === '' ? xml('presence') : xml('presence', {}, xml('show', {}, show)));
  await reflected;
}

/** A helpdesk user on helpdesk.{domain}, online over a plain XMPP client; with `show`, that is its first presence. */
export async function helpdeskUser(w: Stack, prefix: string, opts: { show?: 'away' | 'dnd'; resource?: string } = {}): Promise<HelpdeskUser> {
  const name = unique(prefix);
  const host = helpdeskHostOf(w.domain);
  await registerUser(w.ej.apiUrl, host, name, 'pw');
  const x = await connectXmpp({ service: w.ej.xmppService, domain: host, username: name, password: 'pw', presence: false, ...(opts.resource ? { resource: opts.resource } : {}) });
  const u: HelpdeskUser = {
    name,
    jid: `${name}@${host}`,
    xmpp: x,
    show: (show) => sendShow(x, show),
  };
  await u.show(opts.show ?? '');
  return u;
}

/** Another resource of an existing helpdesk user. */
export function helpdeskResource(w: Stack, name: string, resource: string): Promise<TestXmpp> {
  return connectXmpp({ service: w.ej.xmppService, domain: helpdeskHostOf(w.domain), username: name, password: 'pw', resource });
}

const escaped = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The original's registration document (values escaped). */
export const registration = (username: string, password: string): string =>
  "<?xml version='1.0'?>" + '<registration><username>' + escaped(username) + '</username><password>' + escaped(password) + '</password></registration>';

export interface Registered {
  readonly status: number;
  readonly text: string;
  /** The `<to>` of a 201 (the helpdesk user), else undefined. */
  readonly to: string | undefined;
}

export async function register(g: ClickToChatGateway, auth: string, username: string, password = 'pw'): Promise<Registered> {
  const res = await request(g.url).post('/clicktochat/register').set('Authorization', auth).set('Content-Type', 'text/xml').send(registration(username, password));
  return { status: res.status, text: res.text, to: /<to>([^<]*)<\/to>/.exec(res.text)?.[1] };
}

export async function disconnect(g: ClickToChatGateway, auth: string, jid: string): Promise<number> {
  const res = await request(g.url).post('/clicktochat/disconnect').set('Authorization', auth).set('Content-Type', 'text/xml').send('<x><username>' + jid + '</username></x>');
  return res.status;
}

export interface PairsView {
  readonly queue: string[];
  readonly pairs: Array<{ client: string; agent: string | null; status: string; since: string }>;
}

export async function pairs(g: ClickToChatGateway, secret: string): Promise<PairsView> {
  const res = await request(g.url).get('/clicktochat/pairs').set('Authorization', secret).set('Accept', 'application/json');
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as PairsView;
}

/** Waits until the helpdesk user is in click-to-chat's queue (its presence reached the gateway). */
export function queued(g: ClickToChatGateway, secret: string, jid: string): Promise<void> {
  return eventually(async () => (await pairs(g, secret)).queue.includes(jid), `${jid} in the click-to-chat queue`);
}

/** Does the account exist in ejabberd? */
export async function accountExists(w: Stack, user: string, host: string): Promise<boolean> {
  const res = await fetch(`${w.ej.apiUrl}/check_account`, { method: 'POST', body: JSON.stringify({ user, host }) });
  return (JSON.parse(await res.text()) as number) === 0;
}
