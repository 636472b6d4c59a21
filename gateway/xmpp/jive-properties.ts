/**
 * The Jive packet property `data` that ofchat attaches to messages (the whole JSON the REST
 * client posted), written and read as Smack's JivePropertiesExtension does.
 * References: ofchat-api.md §5.7 (POST messages), §6 (chatapi.chat/notify `data`);
 * Smack JivePropertiesExtension (`<properties><property><name/><value type="string"/>`).
 */
import xml, { type Element } from '@xmpp/xml';
import { NS_JIVE_PROPERTIES } from './namespaces.js';

export const DATA_PROPERTY = 'data';

/** `<properties xmlns=…><property><name>data</name><value type="string">{json}</value></property></properties>` */
export function dataProperties(json: string): Element {
  return xml(
    'properties',
    { xmlns: NS_JIVE_PROPERTIES },
    xml('property', {}, xml('name', {}, DATA_PROPERTY), xml('value', { type: 'string' }, json)),
  );
}

/** The text of the `data` property, or undefined when the stanza has none. */
export function readDataProperty(stanza: Element): string | undefined {
  const props = stanza.getChild('properties', NS_JIVE_PROPERTIES);
  if (!props) return undefined;
  for (const p of props.getChildren('property')) {
    if (p.getChildText('name') === DATA_PROPERTY) return p.getChild('value')?.text() ?? '';
  }
  return undefined;
}
