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
 * - presence_set adds the resource, presence_unset and session_closed remove it; connect on the
 *   first resource, disconnect after the last (callback-outbox.ts), for operators only.
 * - A resource added gets its ping deadline (operator-pinger.ts), a resource removed loses it.
 * - Events of users that are not operators cost one cached group read, nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { HookBus, MessageOffline, MessageSent } from '../../hooks/index.js';
import { parseJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { callbackUrl, isVisitorName, messageBody, statusBody, type Callback } from './callback-shapes.js';
import type { CallbackOutbox } from './callback-outbox.js';
import type { LhcSettings } from './lhc-settings.js';
import type { OperatorDirectory } from './operator-directory.js';
import type { OperatorPinger } from './operator-pinger.js';

export function followOperatorEvents(d: { hooks: Pick<HookBus, 'subscribe'>; settings: LhcSettings; operators: OperatorDirectory; outbox: CallbackOutbox; pinger: Pick<OperatorPinger, 'track' | 'untrack'>; now: () => number; log: Logger }): () => void {
  const s = d.settings;
  const make = (kind: Callback['kind'], senderUser: string, body: string, contentType: Callback['contentType'], at: number): Callback | null => {
    const url = callbackUrl(s, kind, senderUser);
    return url === null ? null : { id: randomUUID(), kind, url, contentType, body, createdAt: at };
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

  const offs = [
    d.hooks.subscribe('message_sent', (e) => onMessage(e, true)),
    d.hooks.subscribe('message_offline', (e) => onMessage(e, false)),
    d.hooks.subscribe('presence_set', (e) => onResource(e.jid, e.resource, true, e.ts)),
    d.hooks.subscribe('presence_unset', (e) => onResource(e.jid, e.resource, false, e.ts)),
    d.hooks.subscribe('session_closed', (e) => onResource(e.jid, e.resource, false, e.ts)),
  ];
  return () => offs.forEach((off) => off());
}
