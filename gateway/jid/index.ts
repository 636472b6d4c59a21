/** gateway/jid: parsing, checking and writing JIDs (RFC 7622), and XEP-0106 escaping. Pure. */
export {
  bare,
  bareOf,
  full,
  isLocal,
  isValidDomain,
  isValidLocal,
  isValidResource,
  parseJid,
  parseUserJid,
  resourceOf,
  sameBare,
  splitJid,
  withResource,
  type Jid,
} from './jid.js';
export { escapeLocal } from './jid-escaping.js';
