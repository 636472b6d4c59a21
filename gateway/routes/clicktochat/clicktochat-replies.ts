/**
 * The bodies the /clicktochat paths answer with, as clicktochat_ejabberd wrote them: the XML
 * declaration `<?xml version='1.0'?>` then the element (its `register`, `connected_users`),
 * and its plain-word errors (`exists`, `not allowed`); plus ofgate's pairs report in XML or
 * JSON. Every JID goes through the XML writer (escaped) or the JSON encoder. Pure.
 */
import type { ClickToChatState } from '../../clicktochat/index.js';
import { el, htmlSafeJson, renderXml, type XmlElement } from '../../xml/index.js';

export const XML_DECLARATION = "<?xml version='1.0'?>";

const document = (root: XmlElement): string => XML_DECLARATION + renderXml(root, false);

export function registerReply(client: string, agent: string): string {
  return document(el('register', {}, el('status', {}, 'ok'), el('from', {}, client), el('to', {}, agent)));
}

export function connectedUsersReply(agents: readonly string[]): string {
  return document(el('connected_users', {}, ...agents.map((a) => el('username', {}, a))));
}

export interface PairView {
  readonly client: string;
  readonly agent: string | null;
  readonly status: 'pending' | 'active' | 'unpaired';
  /** ISO 8601, UTC. */
  readonly since: string;
}

export function pairsOf(state: ClickToChatState): { queue: string[]; pairs: PairView[] } {
  const pairs = Object.entries(state.clients)
    .map(([client, c]): PairView => ({ client, agent: c.agent, status: c.agent === null ? 'unpaired' : c.status, since: new Date(c.since).toISOString() }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.client.localeCompare(b.client));
  return { queue: [...state.queue], pairs };
}

export function pairsXml(view: { queue: readonly string[]; pairs: readonly PairView[] }): string {
  return document(el('pairs', {},
    el('queue', {}, ...view.queue.map((a) => el('agent', {}, a))),
    ...view.pairs.map((p) => el('pair', {},
      el('client', {}, p.client),
      ...(p.agent === null ? [] : [el('agent', {}, p.agent)]),
      el('status', {}, p.status),
      el('since', {}, p.since)))));
}

export function pairsJson(view: { queue: readonly string[]; pairs: readonly PairView[] }): string {
  return htmlSafeJson(view);
}
