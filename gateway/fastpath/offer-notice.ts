/**
 * The XMPP message an agent gets about an offer when it has no chat stream through ofgate (a
 * plain XMPP client whose presence makes it available): from the workgroup's address, a body a
 * person can read and a machine-readable `<offer/>` (or `<offer-revoked/>`) element in ofgate's
 * namespace. The agent accepts with `PUT chat/assists/{workgroup}/{offerId}` (or rejects with
 * DELETE). Built with the XML writer: every value is escaped. Pure.
 */
import { el, renderXml } from '../xml/index.js';

export const NS_OFGATE_FASTPATH = 'urn:ofgate:fastpath:1';

export interface OfferNoticeInput {
  readonly to: string;
  readonly from: string;
  readonly workgroup: string;
  readonly offerId: string;
  readonly userId: string;
  readonly question: string;
}

export function offerNotice(n: OfferNoticeInput & { readonly expiresAt: number }): string {
  const body = `Chat request ${n.offerId} in ${n.workgroup} from ${n.userId}: ${n.question}\n` +
    `Accept: PUT chat/assists/${n.workgroup}/${n.offerId} — reject: DELETE the same (before ${new Date(n.expiresAt).toISOString()}).`;
  return renderXml(el('message', { to: n.to, from: n.from, type: 'normal' },
    el('body', {}, body),
    el('offer', { xmlns: NS_OFGATE_FASTPATH, id: n.offerId, workgroup: n.workgroup, userid: n.userId, expires: new Date(n.expiresAt).toISOString() })), false);
}

export function revokeNotice(n: Omit<OfferNoticeInput, 'question'> & { readonly reason: string }): string {
  return renderXml(el('message', { to: n.to, from: n.from, type: 'normal' },
    el('body', {}, `Chat request ${n.offerId} in ${n.workgroup} was withdrawn: ${n.reason}`),
    el('offer-revoked', { xmlns: NS_OFGATE_FASTPATH, id: n.offerId, workgroup: n.workgroup, reason: n.reason })), false);
}
