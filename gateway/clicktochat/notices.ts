/**
 * The XMPP messages click-to-chat sends when a helpdesk user leaves: to the client, from its new
 * helpdesk user (so the page learns the new address from the message itself) or, when nobody can
 * take over, from the helpdesk host; and a notice to the new helpdesk user. Each has a body a
 * person can read and a machine-readable element in ofgate's namespace. Built with the XML
 * writer: every value is escaped. Pure.
 */
import { el, renderXml } from '../xml/index.js';

export const NS_OFGATE_CLICKTOCHAT = 'urn:ofgate:clicktochat:1';

/** To the client, from its new helpdesk user. */
export function reassignedNotice(client: string, from: string, to: string): string {
  return renderXml(el('message', { to: client, from: to, type: 'chat' },
    el('body', {}, `Your chat continues with ${to} (${from} went offline).`),
    el('reassigned', { xmlns: NS_OFGATE_CLICKTOCHAT, agent: to, previous: from })), false);
}

/** To the new helpdesk user, from the helpdesk host. */
export function handedOverNotice(helpdeskHost: string, client: string, from: string, to: string): string {
  return renderXml(el('message', { to, from: helpdeskHost, type: 'normal' },
    el('body', {}, `The click-to-chat client ${client} is now yours (${from} went offline).`),
    el('handed-over', { xmlns: NS_OFGATE_CLICKTOCHAT, client, previous: from })), false);
}

/** To the client, from the helpdesk host: its helpdesk user left and nobody is available. */
export function unpairedNotice(helpdeskHost: string, client: string, from: string): string {
  return renderXml(el('message', { to: client, from: helpdeskHost, type: 'chat' },
    el('body', {}, `${from} went offline and no other helpdesk user is available right now.`),
    el('unpaired', { xmlns: NS_OFGATE_CLICKTOCHAT, previous: from })), false);
}

/** A presence probe (the pair see each other's presence at once after a new link). */
export function presenceProbe(from: string, to: string): string {
  return renderXml(el('presence', { from, to, type: 'probe' }), false);
}
