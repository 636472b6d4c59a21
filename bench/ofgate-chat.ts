/**
 * The ofchat chat calls the benchmarks make against ofgate (ofchat-api.md §5 chat, §6 SSE):
 * login → stream id, messages, logoff, and the user's SSE stream.
 */
import type { Agent } from 'node:http';
import { basicAuth, postOk } from './http-client.js';
import { openSse, type SseConnection } from './sse-client.js';

export interface OfgateTarget {
  readonly url: string;
  readonly secret: string;
  readonly domain: string;
  readonly agent: Agent;
}

const api = (t: OfgateTarget): string => `${t.url}/restapi/v1/chat`;

/** Logs in with the user's password (the user's own Basic credentials, password as the text body). */
export async function loginWithPassword(t: OfgateTarget, user: string, password: string): Promise<string> {
  const sid = await postOk(t.agent, `${api(t)}/${encodeURIComponent(user)}/login`, password, {
    Authorization: basicAuth(user, password),
    'Content-Type': 'text/plain',
  });
  return sid.trim();
}

/** Password-less login on the shared secret (ofgate opens the stream with an X-OAUTH2 token). */
export async function loginWithSecret(t: OfgateTarget, user: string): Promise<string> {
  return (await postOk(t.agent, `${api(t)}/${encodeURIComponent(user)}/login`, '', { Authorization: t.secret })).trim();
}

export async function logoff(t: OfgateTarget, sid: string): Promise<void> {
  await postOk(t.agent, `${api(t)}/${encodeURIComponent(sid)}/logoff`, '', { Authorization: t.secret });
}

export function sendMessagePath(t: OfgateTarget, sid: string, toBareJid: string): string {
  return `${api(t)}/${encodeURIComponent(sid)}/messages/${toBareJid}`;
}

/** The user's SSE stream; `onChat` gets the body of every chatapi.chat event. */
export function openChatEvents(t: OfgateTarget, user: string, password: string, onChat: (body: string) => void): Promise<SseConnection> {
  return openSse(`${t.url}/sse/${encodeURIComponent(user)}`, basicAuth(user, password), (event, data) => {
    if (event !== 'chatapi.chat') return;
    const body = (JSON.parse(data) as { body?: unknown }).body;
    if (typeof body === 'string') onChat(body);
  });
}
