export { isStanzaCopy, wantsStanzaCopies, type ChatEvent, type ChatEventName, type EventPublisher, type StanzaCopies, type StanzaCopyChoice } from './chat-event.js';
export { createEventHub, type EventHub, type EventHubOptions, type SubscribeOptions } from './event-hub.js';
export type { EventSink, Subscription } from './event-sink.js';
export { frameLogged, HEARTBEAT_FRAME, RETRY_FRAME, RETRY_MS } from './sse-frame.js';
export { createSseStream, type SseStream, type SseStreamOptions } from './sse-stream.js';
export { tooSlow, type LiveBacklog, type SlowClientLimits, type TooSlow } from './slow-client.js';
export { waitForEvent, type EventWait } from './event-waiter.js';
export { REPLACED_FRAME, RESYNC_FRAME } from './stream-notices.js';
