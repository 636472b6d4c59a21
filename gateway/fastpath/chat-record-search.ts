/**
 * Which chat records a listing shows and who may read one. Pure.
 *
 * Rules: `q` matches (case-insensitive, every word somewhere) the visitor's fields, the question
 * and the agents' names; `agents` narrows to chats those agents held (now or before a transfer),
 * '*' is everyone's; a chat is the agent's when it holds it or held it before a transfer.
 */
import type { ChatRecord } from './chat-records.js';

export interface ChatFilter {
  /** Words to find; '' finds everything. */
  readonly q: string;
  /** '*': every agent's chats; otherwise only these agents'. */
  readonly agents: '*' | readonly string[];
}

/** Did `agent` hold the chat (now or before a transfer)? */
export function heldBy(r: ChatRecord, agent: string): boolean {
  return r.agent === agent || r.previousAgents.includes(agent);
}

export function chatMatches(r: ChatRecord, f: ChatFilter): boolean {
  if (f.agents !== '*' && !f.agents.some((a) => heldBy(r, a))) return false;
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const v = r.visitor;
  const hay = [r.userId, v.nickname, v.email, v.question, v.product, v.company, v.state, v.country, r.identity, r.agent, ...r.previousAgents]
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}
