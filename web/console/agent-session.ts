/**
 * The agent's session: sign in (POST chat/{username}/login with the password, which opens or
 * finds the agent's chat stream), keep it across a reload, sign out (POST chat/{sid}/logoff).
 * Rules: only sessionStorage (gone with the tab), under one key, holding what the session needs:
 * the user name, the Basic header the API and the SSE stream require (there is no agent token),
 * the stream id, the last event id seen and the open chats; nothing in localStorage or cookies.
 * A restored session logs in again (the server answers the same stream id, or a new one after a
 * restart) before it is used.
 */
import { basicHeader, createAgentApi, passwordOf, seg } from './agent-api.js';
import type { Metadata } from './console-model.js';

export interface OpenChat {
  readonly requestId: string;
  readonly workgroup: string;
  readonly userId: string;
  /** The visitor's account name, its nick in the room. */
  readonly visitor?: string;
  /** The support room's JID (`{requestId}@conference.{domain}`). */
  readonly room: string;
  readonly metadata: Metadata;
}

export interface AgentSession {
  readonly username: string;
  readonly authorization: string;
  streamId: string;
  lastEventId?: string;
  chats: OpenChat[];
}

const KEY = 'ofgate.console.session';

export function loadSession(): AgentSession | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as AgentSession;
    return typeof s.username === 'string' && typeof s.authorization === 'string' && Array.isArray(s.chats) ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(s: AgentSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

async function login(username: string, authorization: string, password: string): Promise<string> {
  const api = createAgentApi(() => authorization);
  const sid = await api.request<string>('POST', `/chat/${seg(username)}/login`, { text: password, asText: true });
  return (sid ?? '').trim();
}

export async function signIn(rawUsername: string, password: string): Promise<AgentSession> {
  const username = rawUsername.trim().toLowerCase();
  const authorization = basicHeader(username, password);
  const streamId = await login(username, authorization, password);
  const s: AgentSession = { username, authorization, streamId, chats: [] };
  saveSession(s);
  return s;
}

/** Opens the restored session's stream again (same id while it lives). */
export async function resume(s: AgentSession): Promise<AgentSession> {
  const streamId = await login(s.username, s.authorization, passwordOf(s.authorization));
  if (streamId !== s.streamId) s.lastEventId = undefined;
  s.streamId = streamId;
  saveSession(s);
  return s;
}

export async function signOut(s: AgentSession): Promise<void> {
  clearSession();
  try {
    await createAgentApi(() => s.authorization).request('POST', `/chat/${seg(s.streamId)}/logoff`);
  } catch {
    // the stream may be gone already: signing out still ends the page's session
  }
}
