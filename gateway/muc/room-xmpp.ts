/**
 * Room work ejabberd 23.01 offers no API command for, done over a short-lived stream:
 * - history: a MAM query on the room, paged backwards from the newest (XEP-0313 §4,
 *   XEP-0059 §2.5) — a room's archive is what its history is on ejabberd; a room without an
 *   archive (logEnabled off) gives what ejabberd holds in memory, read the way a joining
 *   occupant gets it (XEP-0045 §7.2.15: the delayed messages, then the subject; the room's
 *   history_size, 20 by default), joining briefly under a random nick;
 * - subject: join, send a groupchat <subject/>, await the room's echo, leave (XEP-0045 §8.1).
 * References: XEP-0045 §7.2, §8.1; XEP-0313 §4; XEP-0059 §2.5.
 */
import { randomBytes } from 'node:crypto';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError, forbidden } from '../errors/index.js';
import { withResource } from '../jid/index.js';
import { el } from '../xml/index.js';
import { fromStanzaError, NS_DATA_FORMS, NS_DELAY, NS_MAM, NS_MUC, NS_MUC_USER, NS_RSM, readMamResult, stanzaErrorOf, type Stanza, type UserStream } from '../xmpp/index.js';
import { roomJid, type RoomRef } from './affiliations.js';
import { chooseActor, type ActorPurpose } from './room-actor.js';
import { stanza, type WithStream } from './room-stream.js';

export interface RoomMessage {
  readonly to: string;
  readonly from: string;
  readonly type: string;
  readonly body: string;
  readonly delay_stamp: string;
  readonly delay_from: string;
}

export interface RoomXmpp {
  history(room: RoomRef): Promise<RoomMessage[]>;
  setSubject(room: RoomRef, subject: string): Promise<void>;
}

export interface RoomXmppDeps {
  readonly backend: EjabberdBackend;
  readonly withStream: WithStream;
  readonly domain: string;
  readonly adminUser: string;
  readonly timeoutMs: number;
  /** Most messages returned (the newest). */
  readonly historyLimit: number;
}

const PAGE = 100;

export function createRoomXmpp(d: RoomXmppDeps): RoomXmpp {
  const actorFor = async (room: RoomRef, purpose: ActorPurpose) => {
    const [options, affiliations] = await Promise.all([d.backend.getRoomOptions(room.name, room.service), d.backend.getRoomAffiliations(room.name, room.service)]);
    const actor = chooseActor(purpose, options ?? {}, affiliations, d.domain, d.adminUser);
    if (!actor) {
      const what = purpose === 'read' ? 'read the archive of' : 'change the subject of';
      throw forbidden(`no local account may ${what} ${roomJid(room)}`, { resource: room.name, exception: 'NotAllowedException' });
    }
    return { actor, options: options ?? {} };
  };

  return {
    async history(room) {
      const { actor, options } = await actorFor(room, 'read');
      if (options.mam !== 'true') {
        const password = options.password_protected === 'true' ? (options.password ?? '') : '';
        return d.withStream(actor, (s) => readJoinHistory(s, roomJid(room), password, d.timeoutMs));
      }
      return d.withStream(actor, (s) => readHistory(s, roomJid(room), d));
    },

    async setSubject(room, subject) {
      const { actor, options } = await actorFor(room, 'moderate');
      const password = options.password_protected === 'true' ? (options.password ?? '') : '';
      await d.withStream(actor, (s) => changeSubject(s, roomJid(room), subject, password, d.timeoutMs));
    },
  };
}

async function readHistory(s: UserStream, room: string, d: RoomXmppDeps): Promise<RoomMessage[]> {
  const queryid = randomBytes(6).toString('hex');
  let page: RoomMessage[] = [];
  const release = s.intercept((x) => {
    const m = readMamResult(x, queryid);
    if (m === undefined) return false;
    if (m) page.push({ to: m.to || room, from: m.from, type: m.type, body: m.body, delay_stamp: m.stamp.toISOString(), delay_from: room });
    return true;
  });
  const out: RoomMessage[] = [];
  try {
    let before = '';
    while (out.length < d.historyLimit) {
      page = [];
      const iq = stanza(el('iq', { type: 'set', to: room },
        el('query', { xmlns: NS_MAM, queryid },
          el('x', { xmlns: NS_DATA_FORMS, type: 'submit' }, el('field', { var: 'FORM_TYPE', type: 'hidden' }, el('value', {}, NS_MAM))),
          el('set', { xmlns: NS_RSM }, el('max', {}, String(Math.min(PAGE, d.historyLimit - out.length))), el('before', {}, before)))));
      const fin = (await s.request(iq, 'read the room archive', d.timeoutMs).catch(noArchive)).getChild('fin', NS_MAM);
      out.unshift(...page);
      const first = fin?.getChild('set', NS_RSM)?.getChildText('first');
      if (fin?.attrs.complete === 'true' || !first || page.length === 0) break;
      before = first;
    }
  } finally {
    release();
  }
  return out;
}

/** Joins, collects the history messages up to the subject message that ends them, leaves. */
async function readJoinHistory(s: UserStream, room: string, password: string, timeoutMs: number): Promise<RoomMessage[]> {
  const occupant = withResource(room, `ofgate-${randomBytes(3).toString('hex')}`);
  const out: RoomMessage[] = [];
  const release = s.intercept((x) => {
    if (x.name !== 'message' || x.attrs.type !== 'groupchat' || !String(x.attrs.from ?? '').startsWith(`${room}/`)) return false;
    const body = x.getChildText('body');
    const delay = x.getChild('delay', NS_DELAY);
    if (body !== null && delay && x.getChild('subject') === undefined) {
      out.push({ to: room, from: String(x.attrs.from), type: 'groupchat', body, delay_stamp: String(delay.attrs.stamp ?? ''), delay_from: String(delay.attrs.from ?? room) });
      return true;
    }
    return false;
  });
  try {
    const join = stanza(el('presence', { to: occupant }, el('x', { xmlns: NS_MUC }, ...(password ? [el('password', {}, password)] : []))));
    // the subject message (an empty <subject/> when none is set) ends the history
    const end = await s.sendAndExpect(join, (x) =>
      (x.name === 'presence' && x.attrs.from === occupant && x.attrs.type === 'error')
      || (x.name === 'message' && x.attrs.from !== undefined && String(x.attrs.from).startsWith(room) && (x.attrs.type === 'error' || x.getChild('subject') !== undefined)),
    'read the room history', timeoutMs);
    if (end.attrs.type === 'error') throw refused(end, room, 'join the room to read its history');
  } finally {
    release();
    await s.send(stanza(el('presence', { to: occupant, type: 'unavailable' }))).catch(() => {});
  }
  return out;
}

async function changeSubject(s: UserStream, room: string, subject: string, password: string, timeoutMs: number): Promise<void> {
  const occupant = withResource(room, `ofgate-${randomBytes(3).toString('hex')}`);
  const join = stanza(el('presence', { to: occupant },
    el('x', { xmlns: NS_MUC }, ...(password ? [el('password', {}, password)] : []), el('history', { maxstanzas: '0' }))));
  const joined = await s.sendAndExpect(join, (x) => x.name === 'presence' && x.attrs.from === occupant && (x.attrs.type === 'error' || hasStatus(x, '110')), 'join the room', timeoutMs);
  if (joined.attrs.type === 'error') throw refused(joined, room, 'join the room to change its subject');
  try {
    const message = stanza(el('message', { to: room, type: 'groupchat' }, el('subject', {}, subject)));
    const echo = await s.sendAndExpect(message, (x) => x.name === 'message' && x.attrs.from === occupant && (x.attrs.type === 'error' || x.getChild('subject') !== undefined), 'change the subject', timeoutMs);
    if (echo.attrs.type === 'error') throw refused(echo, room, 'change the subject');
  } finally {
    await s.send(stanza(el('presence', { to: occupant, type: 'unavailable' }))).catch(() => {});
  }
}

/** The room (or the server) has no MAM: ejabberd answers the query with one of these. */
function noArchive(err: unknown): never {
  const condition = (err as { cause?: { condition?: string } }).cause?.condition;
  if (condition === 'feature-not-implemented' || condition === 'service-unavailable') {
    throw new GatewayError('not-implemented', `ejabberd keeps no archive for this room (${condition}): is mod_mam loaded?`, { cause: err });
  }
  throw err;
}

function hasStatus(x: Stanza, code: string): boolean {
  return (x.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).some((st) => st.attrs.code === code);
}

function refused(x: Stanza, room: string, what: string): GatewayError {
  return fromStanzaError(stanzaErrorOf(x), `ejabberd refused to ${what}`, room);
}
