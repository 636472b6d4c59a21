/**
 * The message ofchat's `POST sessions[/{username}]` routes to client sessions: a headline
 * with no body carrying the posted text as the Jive property `data`, which ofchat's SSE turns
 * into `chatapi.notify`. Written with the XML writer (every value escaped).
 * References: ofchat-api.md §5.3, §6 (chatapi.notify); Smack JivePropertiesExtension.
 */
import { el, renderXml } from '../xml/index.js';

export const NS_JIVE_PROPERTIES = 'http://www.jivesoftware.com/xmlns/xmpp/properties';

/** `to`/`from` are set by ejabberd's send_stanza from its arguments. */
export function notifyStanza(payload: string): string {
  return renderXml(
    el('message', { type: 'headline' },
      el('properties', { xmlns: NS_JIVE_PROPERTIES },
        el('property', {}, el('name', {}, 'data'), el('value', { type: 'string' }, payload)))),
    false,
  );
}
