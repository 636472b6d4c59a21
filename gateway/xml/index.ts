export { htmlSafeJson } from './html-safe-json.js';
export { el, escapeAttr, escapeText, renderXml, type XmlElement } from './xml-writer.js';
