/**
 * The user's own presence, as ofchat's `POST chat/{streamid}/presence` sets it: `show=offline`
 * is an unavailable presence, available/away/chat/dnd/xa a mode, anything else plain available.
 * References: RFC 6121 §4.7.2.1 (show), §4.7.2.2 (status); ofchat-api.md §5.7.
 */
import xml, { type Element } from '@xmpp/xml';

export type PresenceMode = 'available' | 'away' | 'chat' | 'dnd' | 'xa' | 'offline';

const SHOW_VALUES = new Set(['away', 'chat', 'dnd', 'xa']);

/** Normalises ofchat's `show` query value (unknown or missing → available). */
export function presenceMode(show: string | undefined): PresenceMode {
  const s = (show ?? '').trim().toLowerCase();
  if (s === 'offline') return 'offline';
  return SHOW_VALUES.has(s) ? (s as PresenceMode) : 'available';
}

export function ownPresence(mode: PresenceMode, status?: string): Element {
  const statusEl = status ? xml('status', {}, status) : null;
  if (mode === 'offline') return xml('presence', { type: 'unavailable' }, statusEl);
  return xml('presence', {}, mode === 'available' ? null : xml('show', {}, mode), statusEl);
}
