export type { ChatEvent, ChatEventName, EventPublisher } from './chat-event.js';
