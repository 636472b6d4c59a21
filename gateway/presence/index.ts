/**
 * gateway/presence: the online view (who is online per bare JID, fed from hook events), its
 * storage (a Map, or the Store's onlineView collection shared by instances) and its start-up seed.
 */
export { createPresenceView, PRESENCE_EVENT_KINDS, type PresenceChangeListener, type PresenceView, type PresenceViewOptions } from './presence-view.js';
export {
  summarize,
  type BarePresence,
  type PresenceRecord,
  type PresenceStep,
  type ResourcePresence,
  type StoredResource,
} from './presence-record.js';
export { createMemoryPresenceStorage, type PresenceChange, type PresenceStorage } from './presence-storage.js';
export { seedPresence } from './seed-presence.js';
export { ONLINE_VIEW_COLLECTION, createStorePresenceStorage } from './store-presence-storage.js';
