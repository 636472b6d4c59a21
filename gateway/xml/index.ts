export { htmlSafeJson } from './html-safe-json.js';
export { el, escapeAttr, escapeText, renderXml, type XmlElement } from './xml-writer.js';
export { XML_FORBIDDEN, forbiddenXmlChar } from './xml-chars.js';
export { scanXmlText, type XmlScan } from './xml-scan.js';
export { DEFAULT_STANZA_LIMITS, stanzaSizeProblem, unsendableStanza, type StanzaLimits, type Unsendable } from './stanza-limits.js';
