/**
 * The Fastpath benchmark's baseline: what the same work costs ejabberd with no ofgate in the
 * path. ejabberd has no Fastpath (no queue, no offers), so the baseline is what is left of a
 * request once someone else decided which agent takes it: per request a fresh visitor account
 * (mod_http_api `register`), the visitor's own XMPP session (PLAIN, initial presence), the
 * support room (`create_room_with_opts` with ofgate's support-room options, then the agent and
 * the visitor `member` with `set_room_affiliation`), the XEP-0249 invitation to the agent
 * (`send_stanza`, as ofgate sends it), and both joining: the agent (a plain XMPP client logged
 * in for the whole run) when its invitation arrives, the visitor at once. Done = both got their
 * own self-presence (status 110) from the room. Agents take requests round-robin. The chat's end
 * (`end`), as ofgate's visitor and agent end it: the agent leaves the room, the room is destroyed
 * (`destroy_room`), the visitor's session closes and its account goes (`unregister`).
 *
 * Rules kept: the same room options and invitation as gateway/fastpath/support-rooms.ts (imported,
 * not copied); times from performance.now(); every request settles (error or timeout), so a run
 * never hangs.
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { directInvitation, supportRoomOptions } from '../gateway/fastpath/support-rooms.js';
import { ejabberdCall, registerUsers } from './ejabberd-api.js';
import type { EjabberdTarget } from './relay-direct.js';
import { connectXmppUser, stopXmppUser, xml } from './xmpp-user.js';

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_CONFERENCE = 'jabber:x:conference';

export interface DirectTimes {
  /** Start → the agent's invitation arrived (its nearest counterpart of an offer: it comes after the room). */
  readonly invited: number;
  /** Start → both in the room. */
  readonly inRoom: number;
  /** Ends the chat: the agent leaves, the room and the visitor (session and account) go. */
  end(): Promise<void>;
}

export interface DirectDesk {
  /** One request, start to both in the room; rejects with what went wrong. */
  serve(tag: string, startedAt: number): Promise<DirectTimes>;
  close(): Promise<void>;
}

/** Waits for the self-presence of `roomJid` on a client's stanza stream (status 110). */
function selfPresence(waiters: Map<string, () => void>, roomJid: string): Promise<void> {
  return new Promise((resolve) => waiters.set(roomJid, resolve));
}

function onSelfPresence(el: Element, waiters: Map<string, () => void>): void {
  if (!el.is('presence') || el.attrs.type === 'unavailable') return;
  const room = String(el.attrs.from ?? '').split('/')[0] ?? '';
  const statuses = el.getChild('x', NS_MUC_USER)?.getChildren('status') ?? [];
  if (!statuses.some((s) => s.attrs.code === '110')) return;
  const w = waiters.get(room);
  if (w) {
    waiters.delete(room);
    w();
  }
}

export async function openDirectDesk(ej: EjabberdTarget, agentCount: number, prefix: string, timeoutMs: number): Promise<DirectDesk> {
  const password = 'bench-pw';
  const service = `conference.${ej.domain}`;
  const names = Array.from({ length: agentCount }, (_, i) => `${prefix}a${i}`);
  await registerUsers(ej.agent, ej.apiUrl, ej.domain, names, password);
  const agentJoins = new Map<string, () => void>();
  const invitations = new Map<string, () => void>();
  const agents: Client[] = [];
  for (let i = 0; i < names.length; i += 10) {
    agents.push(...(await Promise.all(names.slice(i, i + 10).map((username) => {
      let self: Client | undefined;
      const onStanza = (el: Element): void => {
        const invite = el.is('message') ? el.getChild('x', NS_CONFERENCE) : undefined;
        if (invite && self) {
          const room = String(invite.attrs.jid);
          invitations.get(room)?.();
          void self.send(xml('presence', { to: `${room}/${username}` }, xml('x', { xmlns: NS_MUC })));
          return;
        }
        onSelfPresence(el, agentJoins);
      };
      return connectXmppUser({ service: ej.xmppService, domain: ej.domain, username, password, onStanza }).then((c) => (self = c));
    }))));
  }
  let next = 0;
  const api = <T>(command: string, args: Record<string, unknown>): Promise<T> => ejabberdCall<T>(ej.agent, ej.apiUrl, command, args);

  async function serve(tag: string, startedAt: number): Promise<DirectTimes> {
    const i = next++ % agentCount;
    const agentClient = agents[i] as Client;
    const agentJid = `${names[i]}@${ej.domain}`;
    const visitor = `${prefix}v${tag}`;
    const room = `${prefix}r${tag}`;
    const roomJid = `${room}@${service}`;
    await api('register', { user: visitor, host: ej.domain, password });
    const visitorJoins = new Map<string, () => void>();
    const v = await connectXmppUser({ service: ej.xmppService, domain: ej.domain, username: visitor, password, onStanza: (el) => onSelfPresence(el, visitorJoins) });
    let timer: NodeJS.Timeout | undefined;
    try {
      const options = Object.entries(supportRoomOptions(room, 'bench')).map(([name, value]) => ({ name, value }));
      await api('create_room_with_opts', { name: room, service, host: ej.domain, options });
      await api('set_room_affiliation', { name: room, service, jid: agentJid, affiliation: 'member' });
      await api('set_room_affiliation', { name: room, service, jid: `${visitor}@${ej.domain}`, affiliation: 'member' });
      let invited = Number.NaN;
      const invitedP = new Promise<void>((r) => invitations.set(roomJid, () => {
        invited = performance.now() - startedAt;
        invitations.delete(roomJid);
        r();
      }));
      const agentIn = selfPresence(agentJoins, roomJid);
      const visitorIn = selfPresence(visitorJoins, roomJid);
      await api('send_stanza', { from: roomJid, to: agentJid, stanza: directInvitation(roomJid, room) });
      await v.send(xml('presence', { to: `${roomJid}/${visitor}` }, xml('x', { xmlns: NS_MUC })));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${roomJid}: both not in the room after ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([Promise.all([invitedP, agentIn, visitorIn]), timeout]);
      const end = async (): Promise<void> => {
        await agentClient.send(xml('presence', { to: `${roomJid}/${names[i]}`, type: 'unavailable' }));
        await api('destroy_room', { name: room, service });
        await stopXmppUser(v);
        await api('unregister', { user: visitor, host: ej.domain });
      };
      return { invited, inRoom: performance.now() - startedAt, end };
    } catch (err) {
      await stopXmppUser(v);
      throw err;
    } finally {
      clearTimeout(timer);
      agentJoins.delete(roomJid);
      invitations.delete(roomJid);
    }
  }
  return {
    serve,
    async close() {
      await Promise.all(agents.map(stopXmppUser));
    },
  };
}
