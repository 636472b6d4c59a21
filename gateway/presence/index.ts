export { seedPresence } from './seed-presence.js';
