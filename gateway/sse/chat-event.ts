/**
 * The events ofchat pushes over SSE (event names and payload field names as ofchat wrote
 * them, typos included: clients read them). References: ofchat-api.md §6.
 */
export type ChatEventName =
  | 'chatapi.xmpp'
  | 'chatapi.presence'
  | 'chatapi.chat'
  | 'chatapi.muc'
  | 'chatapi.notify'
  | 'chatapi.assist'
  | 'chatapi.ask';

export interface ChatEvent {
  readonly name: ChatEventName;
  /** Serialised as one line of JSON in the `data:` field. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** What producers (chat sessions, Fastpath, hook intake) need from the SSE hub. */
export interface EventPublisher {
  /** Queues the event for every open stream of the user, and for replay. Never throws. */
  publish(username: string, event: ChatEvent): void;
}
