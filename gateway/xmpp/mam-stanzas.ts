/**
 * Message Archive Management: the query form, one result message, the final <fin/>, and the
 * archive id a live message carries.
 * - `ownArchiveId` is on the path of every inbound message: one pass over the children, no
 *   allocation; only a stanza-id stamped by the user's own archive counts (a room stamps its own).
 * - `readMamForward` gives a catch-up the archived message itself, with the <delay/> of its
 *   forwarded wrapper added (when it has none) so readers can tell it is not live.
 * References: XEP-0313 §4 (query), §4.1.1 (filtering: with, start, end), §4.2 (results);
 * XEP-0059 (result set paging: max, after); XEP-0297 (forwarded); XEP-0203 (delay);
 * XEP-0359 §3 (stanza-id, by); XEP-0085 (chat states).
 */
import xml, { type Element } from '@xmpp/xml';
import type { ArchivedSummary } from './archive-catch-up.js';
import { isChatState } from './build-message.js';
import { NS_CHAT_STATES, NS_DATA_FORMS, NS_DELAY, NS_FORWARD, NS_MAM, NS_RSM } from './namespaces.js';

/** XEP-0359 unique and stable stanza ids. */
export const NS_STANZA_ID = 'urn:xmpp:sid:0';

export interface ArchiveFilter {
  /** Bare JID of the peer (1:1 archive of the user). */
  readonly with?: string | undefined;
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
}

export interface ArchivedMessage {
  /** The archive's id of the message (ejabberd: a µs timestamp, numeric). */
  readonly id: string;
  readonly stamp: Date;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly body: string;
}

function field(name: string, value: string): Element {
  return xml('field', { var: name }, xml('value', {}, value));
}

/** `to`: the room JID for a room's archive; absent for the user's own archive. */
export function mamQuery(queryId: string, filter: ArchiveFilter, page: { max: number; after?: string | undefined }, to?: string): Element {
  return xml(
    'iq',
    { type: 'set', ...(to ? { to } : {}) },
    xml(
      'query',
      { xmlns: NS_MAM, queryid: queryId },
      xml(
        'x',
        { xmlns: NS_DATA_FORMS, type: 'submit' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM)),
        filter.with ? field('with', filter.with) : null,
        filter.start ? field('start', filter.start.toISOString()) : null,
        filter.end ? field('end', filter.end.toISOString()) : null,
      ),
      xml('set', { xmlns: NS_RSM }, xml('max', {}, String(page.max)), page.after ? xml('after', {}, page.after) : null),
    ),
  );
}

/**
 * The id under which the user's archive (`by` = `ownBare`, the user's bare JID as ejabberd
 * writes it: lower case) stored this inbound message; undefined when it has none.
 */
export function ownArchiveId(el: Element, ownBare: string): string | undefined {
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (typeof child !== 'object' || child.name !== 'stanza-id') continue;
    const attrs = child.attrs;
    if (attrs.by !== ownBare || attrs.xmlns !== NS_STANZA_ID) continue;
    const id: unknown = attrs.id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

/** One result of a catch-up's query: the archive id, the message (delay added) and what it is. */
export interface ArchiveForward {
  readonly id: string;
  /** undefined: the result carried no message. */
  readonly message: Element | undefined;
  readonly summary: ArchivedSummary;
}

/** The forwarded message of a result stanza of query `queryId`; undefined if it is not one. */
export function readMamForward(el: Element, queryId: string): ArchiveForward | undefined {
  if (el.name !== 'message') return undefined;
  const result = el.getChild('result', NS_MAM);
  if (!result || result.attrs.queryid !== queryId) return undefined;
  const id = String(result.attrs.id ?? '');
  const forwarded = result.getChild('forwarded', NS_FORWARD);
  const message = forwarded?.getChild('message');
  if (!message) return { id, message: undefined, summary: { type: '', from: '', content: false } };
  const delay = forwarded?.getChild('delay', NS_DELAY);
  if (delay && !message.getChild('delay', NS_DELAY)) message.append(delay);
  const content = message.getChild('body') !== undefined || message.getChildElements().some((c) => isChatState(c.name) && c.getNS() === NS_CHAT_STATES);
  return { id, message, summary: { type: String(message.attrs.type ?? ''), from: String(message.attrs.from ?? ''), content } };
}

/** The archived message carried by a result stanza of query `queryId`; undefined if it is not one. */
export function readMamResult(el: Element, queryId: string): ArchivedMessage | null | undefined {
  if (el.name !== 'message') return undefined;
  const result = el.getChild('result', NS_MAM);
  if (!result || result.attrs.queryid !== queryId) return undefined;
  const forwarded = result.getChild('forwarded', NS_FORWARD);
  const inner = forwarded?.getChild('message');
  const body = inner?.getChildText('body');
  if (!inner || body === null || body === undefined) return null; // archived without a body (chat state, receipt)
  const stamp = new Date(forwarded?.getChild('delay', NS_DELAY)?.attrs.stamp ?? NaN);
  return {
    id: result.attrs.id ?? '',
    stamp: Number.isNaN(stamp.getTime()) ? new Date(0) : stamp,
    from: inner.attrs.from ?? '',
    to: inner.attrs.to ?? '',
    type: inner.attrs.type ?? 'normal',
    body,
  };
}

/** From the query's iq result: is the result set complete, and the id to page after. */
export function readMamFin(iq: Element): { complete: boolean; last: string | undefined } {
  const fin = iq.getChild('fin', NS_MAM);
  const last = fin?.getChild('set', NS_RSM)?.getChildText('last') ?? undefined;
  return { complete: fin?.attrs.complete === 'true' || !last, last };
}
