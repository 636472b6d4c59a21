/**
 * What every part of the signed-in console shares: the API client, the session (saved on each
 * change), and the two ways to tell the agent something: `announce` (a polite live region, for
 * screen readers and a status line) and `fail` (an alert with the API's message).
 */
import type { AgentApi } from './agent-api.js';
import type { AgentSession } from './agent-session.js';

export interface ConsoleContext {
  readonly api: AgentApi;
  readonly session: AgentSession;
  /** Persists the session (open chats, last event id). */
  save(): void;
  announce(text: string): void;
  fail(err: unknown): void;
}

/** The message of an error for the agent. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
