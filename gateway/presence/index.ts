export { seedPresence } from './seed-presence.js';
export { ONLINE_VIEW_COLLECTION, createStorePresenceStorage } from './store-presence-storage.js';
