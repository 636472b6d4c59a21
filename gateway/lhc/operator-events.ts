/**
 * The hook shim's events turned into LHC callbacks (what mod_lhc did inside ejabberd), queued in
 * the outbox; nothing is sent from here.
 *
 * Rules it keeps:
 * - message_sent, type chat, with a non-empty body, from an operator to a `visitor.<digit>…`
 *   user of a served host: a `type=chat` message callback (sender and receiver user parts,
 *   server = the sender's host), on the operator's lane. The stanza itself is untouched, so an
 *   offline visitor's message is still stored by ejabberd.
 * - message_offline: forwarded only when the sender is not a local user of a served host
 *   (a local operator's message already came as message_sent: never twice).
 * - Bridged rooms (bridged-rooms.ts, the 2022 module's groupchat bridging): an operator's
 *   groupchat message with a body to such a room is a `type=groupchat` message callback
 *   (receiver = the room's name); its joining and leaving the room (muc_join, muc_leave) are
 *   `type=presence` callbacks with status available / unavailable. Asked only for operators.
 * - The shim is told which messages these are (message selectors): chat messages to
 *   `visitor.<digit>…` of the served hosts, and groupchat messages from the operators group
 *   (any groupchat in automated hosting, where the group differs per instance). Every other
 *   message of the system is never built in ejabberd.
 * - presence_set adds the resource, presence_unset and session_closed remove it; connect on the
 *   first resource, disconnect after the last (callback-outbox.ts), for operators only.
 * - A resource added gets its ping deadline (operator-pinger.ts), a resource removed loses it.
 * - Events of users that are not operators cost one cached group read, nothing else.
 */
import { randomUUID } from 'node:crypto';
import { selectorPattern, type HookBus, type MessageOffline, type MessageSelector, type MessageSent } from '../../hooks/index.js';
import { parseJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { BridgedRooms } from './bridged-rooms.js';
import { callbackUrl, isVisitorName, messageBody, roomPresenceBody, statusBody, VISITOR_PATTERN, type Callback } from './callback-shapes.js';
import type { CallbackOutbox } from './callback-outbox.js';
import type { LhcSettings } from './lhc-settings.js';
import type { OperatorDirectory } from './operator-directory.js';
import type { OperatorPinger } from './operator-pinger.js';

/** The messages the bridge reads, for the shim (hooks/message-selector.ts). */
export function bridgeSelectors(s: Pick<LhcSettings, 'hosts' | 'automatedHosting' | 'operatorsGroup'>): { toVisitors: MessageSelector; toRooms: MessageSelector } {
  return {
    toVisitors: { type: 'chat', to: selectorPattern(VISITOR_PATTERN, s.hosts) },
    toRooms: s.automatedHosting ? { type: 'groupchat' } : { type: 'groupchat', fromGroup: s.operatorsGroup },
  };
}

export function followOperatorEvents(d: { hooks: Pick<HookBus, 'subscribe'>; settings: LhcSettings; operators: OperatorDirectory; rooms: BridgedRooms; outbox: CallbackOutbox; pinger: Pick<OperatorPinger, 'track' | 'untrack'>; now: () => number; log: Logger }): () => void {
  const s = d.settings;
  const make = (kind: Callback['kind'], senderUser: string, body: string, contentType: Callback['contentType'], at: number): Callback | null => {
    const url = callbackUrl(s, kind, senderUser);
    return url === null ? null : { id: randomUUID(), kind, url, contentType, body, createdAt: at };
  };

  /** An operator of a served host (the group read last: it is the costly part). */
  const operatorOf = async (jid: string): Promise<{ local: string; domain: string } | null> => {
    const who = parseJid(jid);
    if (!who || who.local === '' || isVisitorName(who.local) || !s.hosts.includes(who.domain)) return null;
    return (await d.operators.isOperator(who.local, who.domain)) ? { local: who.local, domain: who.domain } : null;
  };

  const onRoomMessage = async (e: MessageSent): Promise<void> => {
    if (!e.body) return;
    const op = await operatorOf(e.from);
    const room = parseJid(e.to);
    if (!op || !room || room.local === '' || !(await d.rooms.isBridged(`${room.local}@${room.domain}`))) return;
    const cb = make('message', op.local, messageBody({ body: e.body, sender: op.local, receiver: room.local, server: op.domain, type: 'groupchat' }), 'application/x-www-form-urlencoded', e.ts);
    if (cb) await d.outbox.enqueue(`${op.local}@${op.domain}`, cb);
  };

  const onRoomPresence = async (jid: string, roomJid: string, status: 'available' | 'unavailable', at: number): Promise<void> => {
    const op = await operatorOf(jid);
    const room = parseJid(roomJid);
    if (!op || !room || room.local === '' || !(await d.rooms.isBridged(`${room.local}@${room.domain}`))) return;
    const cb = make('message', op.local, roomPresenceBody({ status, sender: op.local, receiver: room.local, server: op.domain }), 'application/x-www-form-urlencoded', at);
    if (cb) await d.outbox.enqueue(`${op.local}@${op.domain}`, cb);
  };

  const onMessage = async (e: MessageSent | MessageOffline, localOnly: boolean): Promise<void> => {
    if (e.type !== 'chat' || !e.body) return;
    const from = parseJid(e.from);
    const to = parseJid(e.to);
    if (!from || !to || !isVisitorName(to.local) || !s.hosts.includes(to.domain)) return;
    const senderLocal = s.hosts.includes(from.domain);
    if (localOnly !== senderLocal) return;
    if (!(await d.operators.isOperator(from.local, from.domain))) return;
    const cb = make('message', from.local, messageBody({ body: e.body, sender: from.local, receiver: to.local, server: from.domain, type: 'chat' }), 'application/x-www-form-urlencoded', e.ts);
    if (cb) await d.outbox.enqueue(`${from.local}@${from.domain}`, cb);
  };

  const onResource = async (jid: string, resource: string, online: boolean, at: number): Promise<void> => {
    const who = parseJid(jid);
    if (!who || who.local === '' || isVisitorName(who.local)) return;
    if (!(await d.operators.isOperator(who.local, who.domain))) return;
    const change = await d.outbox.resourceChange(`${who.local}@${who.domain}`, resource, online, (action) =>
      make('status', who.local, statusBody(action, who.local, who.domain), 'application/json', at));
    if (change === 'added') await d.pinger.track(`${who.local}@${who.domain}/${resource}`);
    if (change === 'removed') await d.pinger.untrack(`${who.local}@${who.domain}/${resource}`);
  };

  const selectors = bridgeSelectors(s);
  const offs = [
    d.hooks.subscribe('message_sent', (e) => onMessage(e, true), selectors.toVisitors),
    d.hooks.subscribe('message_sent', (e) => (e.type === 'groupchat' ? onRoomMessage(e) : undefined), selectors.toRooms),
    d.hooks.subscribe('message_offline', (e) => onMessage(e, false), selectors.toVisitors),
    d.hooks.subscribe('muc_join', (e) => onRoomPresence(e.jid, e.room, 'available', e.ts)),
    d.hooks.subscribe('muc_leave', (e) => onRoomPresence(e.jid, e.room, 'unavailable', e.ts)),
    d.hooks.subscribe('presence_set', (e) => onResource(e.jid, e.resource, true, e.ts)),
    d.hooks.subscribe('presence_unset', (e) => onResource(e.jid, e.resource, false, e.ts)),
    d.hooks.subscribe('session_closed', (e) => onResource(e.jid, e.resource, false, e.ts)),
  ];
  return () => offs.forEach((off) => off());
}
