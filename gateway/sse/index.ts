export type { ChatEvent, ChatEventName, EventPublisher } from './chat-event.js';
export { createEventHub, type EventHub, type EventHubOptions } from './event-hub.js';
export { formatEventId, parseEventId } from './event-id.js';
export type { EventSink, Subscription } from './event-sink.js';
export { frameEvent, HEARTBEAT_FRAME, RETRY_FRAME, RETRY_MS } from './sse-frame.js';
export { createSseStream, type SseStream } from './sse-stream.js';
