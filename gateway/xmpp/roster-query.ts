/**
 * The user's roster read on the user's own stream (the stream sees shared-roster contacts too).
 * References: RFC 6121 §2.1.2 (items), §2.1.3 (roster get).
 */
import xml, { type Element } from '@xmpp/xml';
import { NS_ROSTER } from './namespaces.js';

export interface RosterItem {
  /** Bare JID. */
  readonly jid: string;
  readonly name: string;
  /** none | to | from | both */
  readonly subscription: string;
  readonly groups: readonly string[];
}

export function rosterGet(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER }));
}

/** Items of a roster result (or push); malformed items without a jid are skipped. */
export function readRosterItems(iq: Element): RosterItem[] {
  const query = iq.getChild('query', NS_ROSTER);
  if (!query) return [];
  return query.getChildren('item').flatMap((item) => {
    const jid = item.attrs.jid;
    if (!jid) return [];
    return [{
      jid,
      name: item.attrs.name ?? '',
      subscription: item.attrs.subscription ?? 'none',
      groups: item.getChildren('group').map((g) => g.text()),
    }];
  });
}
