/**
 * Message Archive Management: the query form, one result message, the final <fin/>.
 * References: XEP-0313 §4 (query), §4.1.1 (filtering: with, start, end), §4.2 (results);
 * XEP-0059 (result set paging: max, after); XEP-0297 (forwarded); XEP-0203 (delay).
 */
import xml, { type Element } from '@xmpp/xml';
import { NS_DATA_FORMS, NS_DELAY, NS_FORWARD, NS_MAM, NS_RSM } from './namespaces.js';

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
