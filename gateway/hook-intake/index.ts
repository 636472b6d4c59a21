/**
 * The shared hook intake (store.backend redis): batches appended to a Redis stream before the
 * shim's 200, one instance at a time reading it onto its bus. hooks/ holds the port and the
 * single-instance intake.
 */
export { createRedisHookIntake, type RedisHookIntakeOptions } from './redis-hook-intake.js';
export { startHookStreamConsumer, type HookStreamConsumer, type HookStreamConsumerOptions } from './hook-stream-consumer.js';
export { HOOK_STREAM_GROUP, hookStreamKeys, type HookStreamKeys } from './hook-stream-keys.js';
