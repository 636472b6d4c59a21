/** Redis connections shared by the concerns that use Redis (store, event logs, hook intake). */
export { closeRedis, connectRedis, reconnectDelay, type ConnectRedisOptions, type Redis } from './connect-redis.js';
