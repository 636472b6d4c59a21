/**
 * The IQs a bookmark push sends on the member's own stream, written with gateway/xml and parsed
 * into stanzas (gateway/xmpp's parser re-serialises them), and the reading of the answers.
 * References: XEP-0049 (private XML storage), XEP-0048 §3, XEP-0402 §5 (publish-options),
 * XEP-0060 §7.1.5 (publish-options), §7.2 (retract).
 */
import { el, renderXml, type XmlElement } from '../xml/index.js';
import { NS_DATA_FORMS, parseStanzaText, type Stanza } from '../xmpp/index.js';
import { NS_BOOKMARKS2, NS_PRIVATE, NS_STORAGE_BOOKMARKS } from './bookmark-model.js';

const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';

const stanza = (x: XmlElement): Stanza => parseStanzaText(renderXml(x, false));

export function getStorageIq(): Stanza {
  return stanza(el('iq', { type: 'get' }, el('query', { xmlns: NS_PRIVATE }, el('storage', { xmlns: NS_STORAGE_BOOKMARKS }))));
}

export function setStorageIq(children: readonly XmlElement[]): Stanza {
  return stanza(el('iq', { type: 'set' }, el('query', { xmlns: NS_PRIVATE }, el('storage', { xmlns: NS_STORAGE_BOOKMARKS }, ...children))));
}

function field(name: string, value: string, type?: string): XmlElement {
  return el('field', { var: name, ...(type ? { type } : {}) }, el('value', {}, value));
}

export function publishIq(roomJid: string, payload: XmlElement): Stanza {
  return stanza(el('iq', { type: 'set' }, el('pubsub', { xmlns: NS_PUBSUB },
    el('publish', { node: NS_BOOKMARKS2 }, el('item', { id: roomJid }, payload)),
    el('publish-options', {}, el('x', { xmlns: NS_DATA_FORMS, type: 'submit' },
      field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options', 'hidden'),
      field('pubsub#persist_items', 'true'),
      field('pubsub#max_items', 'max'),
      field('pubsub#send_last_published_item', 'never'),
      field('pubsub#access_model', 'whitelist'))))));
}

export function retractIq(roomJid: string): Stanza {
  return stanza(el('iq', { type: 'set' }, el('pubsub', { xmlns: NS_PUBSUB },
    el('retract', { node: NS_BOOKMARKS2, notify: 'true' }, el('item', { id: roomJid })))));
}

/** An element of an answer as gateway/xml's tree (text children kept). */
export function toXmlElement(s: Stanza): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.attrs as Record<string, unknown>)) if (typeof v === 'string') attrs[k] = v;
  const children = (s.children as Array<Stanza | string>).map((c) => (typeof c === 'string' ? c : toXmlElement(c)));
  return el(s.name, attrs, ...children);
}

/** The entries of a storage:bookmarks answer ([] when the member has none). */
export function storageEntries(answer: Stanza): XmlElement[] {
  const storage = answer.getChild('query', NS_PRIVATE)?.getChild('storage', NS_STORAGE_BOOKMARKS);
  if (!storage) return [];
  return (storage.children as Array<Stanza | string>).filter((c): c is Stanza => typeof c !== 'string').map(toXmlElement);
}
