export { el, escapeAttr, escapeText, renderXml, type XmlElement } from './xml-writer.js';
