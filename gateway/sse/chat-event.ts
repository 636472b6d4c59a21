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

/**
 * Which streams get ofchat's `chatapi.xmpp` copy of every stanza (`{"xmpp": base64}`), config
 * sse.stanzaCopies: `every-stanza` (ofchat's behaviour, the default) builds it for every stanza
 * and keeps it for replay, except while every open stream of the user opted out; `when-asked`
 * builds it only while a stream of the user on this instance asked for it (it is then not kept
 * for streams that did not ask, nor for replay to streams opened later without asking).
 * ofgate's own notices on `chatapi.xmpp` (connection, resync, replaced) are sent either way.
 */
export type StanzaCopies = 'every-stanza' | 'when-asked';

/** The hub's answer, per user, to "build the chatapi.xmpp copy of this stanza?". */
export interface StanzaCopyChoice {
  wantsStanzaCopies(username: string): boolean;
}

/** Producers given a publisher without the choice (tests, older wiring) build it: ofchat's behaviour. */
export function wantsStanzaCopies(events: EventPublisher, username: string): boolean {
  const choice = (events as Partial<StanzaCopyChoice>).wantsStanzaCopies;
  return typeof choice === 'function' ? choice.call(events, username) : true;
}

/** A `chatapi.xmpp` stanza copy as logged (htmlSafeJson of `{xmpp}`), told apart from ofgate's notices. */
export function isStanzaCopy(name: string, data: string): boolean {
  return name === 'chatapi.xmpp' && data.startsWith('{"xmpp":');
}
