/**
 * XML namespaces of the stanzas ofgate reads and writes, and the three stanza names.
 * References: RFC 6120 §8; RFC 6121; XEP-0198; XEP-0045, XEP-0059, XEP-0085, XEP-0203, XEP-0249, XEP-0297, XEP-0313;
 * Jive Software packet properties (Smack's JivePropertiesExtension, used by ofchat for `data`).
 */
export const NS_CLIENT = 'jabber:client';
export const NS_ROSTER = 'jabber:iq:roster';
export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
export const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
export const NS_DIRECT_INVITE = 'jabber:x:conference';
export const NS_CHAT_STATES = 'http://jabber.org/protocol/chatstates';
export const NS_JIVE_PROPERTIES = 'http://www.jivesoftware.com/xmlns/xmpp/properties';
export const NS_DATA_FORMS = 'jabber:x:data';
export const NS_MAM = 'urn:xmpp:mam:2';
export const NS_RSM = 'http://jabber.org/protocol/rsm';
export const NS_FORWARD = 'urn:xmpp:forward:0';
export const NS_DELAY = 'urn:xmpp:delay';
export const NS_SM = 'urn:xmpp:sm:3';

export type StanzaName = 'message' | 'presence' | 'iq';

/** message, presence or iq (RFC 6120 §8): what XEP-0198 counts; anything else on a stream is a nonza. */
export function isStanzaName(name: string): name is StanzaName {
  return name === 'message' || name === 'presence' || name === 'iq';
}
