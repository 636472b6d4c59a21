/**
 * The callbacks mod_lhc and mod_lhcping made, as data (pure): their bodies byte-compatible with
 * what LHC's PHP reads (notes B.3, B.4, B.9), the URL each goes to (standalone settings, or
 * automated hosting's derivation), and the names the rules test.
 *
 * Rules it keeps:
 * - Message: form-encoded `body, sender, receiver, server, type` in that order (+ `status` for
 *   presence); sender and receiver are user parts, server the sender's host.
 * - Status: JSON {"action":"connect|disconnect","user","server"}; ping: {"action":"ping",
 *   "user":"<full JID>"}; JSON is serialized, never concatenated (resources are escaped).
 * - Automated hosting: the instance is the last dot-separated segment of the sender's user name
 *   with every `-` turned into `.` (the original turned only the first); URL = ahProtocol +
 *   instance + "." + ahBaseDomain + /xmppservice/processmessage | /xmppservice/operatorstatus.
 * - A kind whose URL is not configured yields no callback (null).
 */
import type { LhcSettings } from './lhc-settings.js';

export type CallbackKind = 'message' | 'status' | 'ping';

export interface Callback {
  /** Unique (sent as X-Ofgate-Callback-Id so a receiver can drop a repeat). */
  readonly id: string;
  readonly kind: CallbackKind;
  readonly url: string;
  readonly contentType: 'application/x-www-form-urlencoded' | 'application/json';
  readonly body: string;
  /** When the event happened (ms since the epoch): the age limit counts from here. */
  readonly createdAt: number;
}

/** visitor.<digit>… : the accounts LHC makes for online visitors and chats (notes B.8; the original's `.` matched anything). */
/** The start of a visitor account's user part (notes B.8), as regular-expression text. */
export const VISITOR_PATTERN = 'visitor\\.[0-9]';
const VISITOR = new RegExp(`^${VISITOR_PATTERN}`, 'u');
export const isVisitorName = (user: string): boolean => VISITOR.test(user);

/** The automated-hosting instance of a user name: its last dot segment, every `-` turned into `.`. */
export const instanceOf = (user: string): string => (user.split('.').pop() ?? '').replace(/-/g, '.');

/** The operators group a user must be in: operatorsGroup, or operatorsGroup.<segment> in automated hosting. */
export function operatorsGroupOf(s: Pick<LhcSettings, 'automatedHosting' | 'operatorsGroup'>, user: string): string {
  return s.automatedHosting ? `${s.operatorsGroup}.${user.split('.').pop() ?? ''}` : s.operatorsGroup;
}

export function callbackUrl(s: Pick<LhcSettings, 'automatedHosting' | 'ahProtocol' | 'ahBaseDomain' | 'messageUrl' | 'statusUrl' | 'pingUrl'>, kind: CallbackKind, senderUser: string): string | null {
  if (s.automatedHosting) {
    const instance = instanceOf(senderUser);
    if (instance === '' || s.ahBaseDomain === null) return null;
    return `${s.ahProtocol}${instance}.${s.ahBaseDomain}/xmppservice/${kind === 'message' ? 'processmessage' : 'operatorstatus'}`;
  }
  return kind === 'message' ? s.messageUrl : kind === 'status' ? s.statusUrl : s.pingUrl;
}

const form = (fields: ReadonlyArray<readonly [string, string]>): string => new URLSearchParams(fields.map(([k, v]) => [k, v])).toString().replace(/\+/g, '%20');

export function messageBody(m: { body: string; sender: string; receiver: string; server: string; type: 'chat' | 'groupchat' }): string {
  return form([['body', m.body], ['sender', m.sender], ['receiver', m.receiver], ['server', m.server], ['type', m.type]]);
}

export function roomPresenceBody(p: { status: string; sender: string; receiver: string; server: string }): string {
  return form([['status', p.status], ['sender', p.sender], ['receiver', p.receiver], ['server', p.server], ['type', 'presence']]);
}

export function statusBody(action: 'connect' | 'disconnect', user: string, server: string): string {
  return JSON.stringify({ action, user, server });
}

export function pingBody(fullJid: string): string {
  return JSON.stringify({ action: 'ping', user: fullJid });
}
