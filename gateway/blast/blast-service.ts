/**
 * Message blasts (ofchat's /messageblast): one user sends the same message to many recipients at
 * once; ofgate routes each message through ejabberd as coming from that user and keeps a record
 * of the blast (who got it, who was refused), listed newest first.
 * Rules kept: the sender is always the caller (a body's sender/username is ignored); recipients
 * are users of the domain or bare JIDs, de-duplicated, at most `maxRecipients`; highImportance
 * sends headline messages (normal otherwise); replyTo becomes an XEP-0033 replyto address and
 * ackRequired an XEP-0184 receipt request. Scheduling (sendlater) is not served: 501.
 * References: ofchat-api.md §4 (blast entities), §5.11.
 */
import { randomBytes } from 'node:crypto';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest, notFound, notImplemented } from '../errors/index.js';
import { bare, parseJid, parseUserJid } from '../jid/index.js';
import type { Store } from '../store/index.js';
import { el, renderXml, type XmlElement } from '../xml/index.js';

export interface BlastInput {
  readonly title: string;
  readonly message: string;
  readonly recipients: readonly string[];
  readonly replyTo?: string | undefined;
  readonly highImportance: boolean;
  readonly ackRequired: boolean;
}

export interface RecipientResult {
  readonly jid: string;
  readonly result: 'sent' | 'failed';
}

export interface SentBlast {
  readonly id: string;
  readonly sender: string;
  readonly title: string;
  readonly message: string;
  readonly sentDate: string;
  readonly recipients: readonly RecipientResult[];
}

export interface BlastService {
  send(sender: string, input: BlastInput): Promise<SentBlast>;
  sent(sender: string): Promise<SentBlast[]>;
  one(sender: string, id: string): Promise<SentBlast>;
  forget(sender: string, id: string): Promise<void>;
  senders(user: string): Promise<string>;
  setSenders(user: string, json: string): Promise<void>;
}

const MAX_TEXT = 65536;
const MAX_SENDERS_JSON = 65536;

/** The blast a body describes, checked (400 naming the field; 501 for sendlater). */
export function blastInput(e: Record<string, unknown>, domain: string, maxRecipients: number): BlastInput {
  if (e.sendlater === true || e.sendlater === 'true') throw notImplemented('Scheduled blasts (sendlater) are not served: ofgate keeps no job scheduler for them; send at the time instead', { resource: 'sendlater' });
  const message = typeof e.message === 'string' ? e.message : '';
  if (message.trim() === '' || message.length > MAX_TEXT) throw badRequest(`message: required, at most ${MAX_TEXT} characters`, { resource: 'message' });
  const raw = e.recipients === undefined || e.recipients === null ? [] : Array.isArray(e.recipients) ? e.recipients : [e.recipients];
  const recipients = [...new Set(raw.flatMap((r) => (typeof r === 'string' ? r.split(',') : [r])).map((r) => {
    const jid = typeof r === 'string' ? parseUserJid(r.trim(), domain) : undefined;
    if (!jid) throw badRequest(`recipients: ${String(r)} is not a JID`, { resource: 'recipients' });
    return bare(jid);
  }))];
  if (recipients.length === 0) throw badRequest('recipients: at least one', { resource: 'recipients' });
  if (recipients.length > maxRecipients) throw badRequest(`recipients: at most ${maxRecipients} (ofchat.blastMaxRecipients)`, { resource: 'recipients' });
  let replyTo: string | undefined;
  if (typeof e.replyTo === 'string' && e.replyTo.trim() !== '') {
    const jid = parseJid(e.replyTo.trim());
    if (!jid) throw badRequest('replyTo: a JID', { resource: 'replyTo' });
    replyTo = bare(jid);
  }
  const title = typeof e.title === 'string' ? e.title.slice(0, 1024) : '';
  return { title, message, recipients, replyTo, highImportance: e.highImportance === true || e.highImportance === 'true', ackRequired: e.ackRequired === true || e.ackRequired === 'true' };
}

export function blastMessage(from: string, to: string, id: string, b: BlastInput): XmlElement {
  return el('message', { from, to, id, type: b.highImportance ? 'headline' : 'normal' },
    ...(b.title ? [el('subject', {}, b.title)] : []),
    el('body', {}, b.message),
    ...(b.replyTo ? [el('addresses', { xmlns: 'http://jabber.org/protocol/address' }, el('address', { type: 'replyto', jid: b.replyTo }))] : []),
    ...(b.ackRequired ? [el('request', { xmlns: 'urn:xmpp:receipts' })] : []));
}

export function createBlastService(d: { store: Store; backend: Pick<EjabberdBackend, 'sendStanza'>; domain: string; now: () => Date }): BlastService {
  const blasts = d.store.collection<SentBlast>('sentBlasts');
  const senderLists = d.store.collection<string>('blastSenders');
  const key = (sender: string, id: string) => `${sender}/${id}`;
  return {
    async send(sender, input) {
      const now = d.now();
      // ids sort newest first: the time counted down from a far bound, then randomness
      const id = `${(9e12 - now.getTime()).toString(36).padStart(9, '0')}${randomBytes(3).toString('hex')}`;
      const from = bare({ local: sender, domain: d.domain });
      const recipients: RecipientResult[] = [];
      for (const to of input.recipients) {
        const sent = await d.backend.sendStanza(from, to, renderXml(blastMessage(from, to, `blast-${id}`, input), false)).then(() => true, () => false);
        recipients.push({ jid: to, result: sent ? 'sent' : 'failed' });
      }
      const record: SentBlast = { id, sender, title: input.title, message: input.message, sentDate: now.toISOString(), recipients };
      await blasts.put(key(sender, id), record);
      return record;
    },
    async sent(sender) {
      return (await blasts.list({ prefix: `${sender}/`, limit: 1000 })).map(([, v]) => v);
    },
    async one(sender, id) {
      const found = await blasts.get(key(sender, id));
      if (!found) throw notFound(`No blast ${id} of ${sender}`, { resource: id });
      return found;
    },
    async forget(sender, id) {
      if (!(await blasts.delete(key(sender, id)))) throw notFound(`No blast ${id} of ${sender}`, { resource: id });
    },
    senders: async (user) => (await senderLists.get(user)) ?? '[]',
    async setSenders(user, json) {
      if (json.length > MAX_SENDERS_JSON) throw badRequest(`At most ${MAX_SENDERS_JSON} characters`, { resource: 'senders' });
      try {
        JSON.parse(json);
      } catch {
        throw badRequest('The senders are a JSON text', { resource: 'senders' });
      }
      await senderLists.put(user, json);
    },
  };
}
