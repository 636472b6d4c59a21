export { htmlSafeJson } from './html-safe-json.js';
export { el, escapeAttr, escapeText, renderXml, type XmlElement } from './xml-writer.js';
export { XML_FORBIDDEN, forbiddenXmlChar } from './xml-chars.js';
