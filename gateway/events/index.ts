export { compareEventIds, parseEventId, type EventLog, type LoggedEvent, type LogWatcher, type MaybePromise, type ReadResult } from './event-log.js';
export { createMemoryEventLog, type MemoryEventLogOptions } from './memory-event-log.js';
export { createRedisEventLog, type RedisEventLogOptions } from './redis-event-log.js';
