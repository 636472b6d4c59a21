/**
 * The MUC services ejabberd really has, found the way a client finds them: service discovery
 * of the server's items, keeping those whose identity is conference/text (XEP-0030 §4, XEP-0045
 * §6.1), over a short-lived stream of the admin account. ejabberd 23.01 has no API command for
 * it, and cannot add a service at run time (a mod_muc host is configuration).
 * The plugin's MUCServiceEntity: serviceName (the subdomain part), description (the identity's
 * name), hidden (false: a service in disco is not hidden).
 * References: Openfire REST API plugin MUCServiceService, entity/MUCServiceEntity.java.
 */
import { randomBytes } from 'node:crypto';
import { el } from '../xml/index.js';
import type { Stanza, UserStream } from '../xmpp/index.js';
import { serviceName } from './room-address.js';
import { stanza, type WithStream } from './room-stream.js';

const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

export interface MucService {
  readonly serviceName: string;
  readonly description: string;
  readonly hidden: boolean;
}

export async function listMucServices(withStream: WithStream, actor: string, domain: string, timeoutMs: number): Promise<MucService[]> {
  return withStream(actor, async (s) => {
    const items = await discoItems(s, domain, timeoutMs);
    const out: MucService[] = [];
    for (const jid of items) {
      const identity = (await discoInfo(s, jid, timeoutMs))?.getChildren('identity').find((i) => i.attrs.category === 'conference' && i.attrs.type === 'text');
      if (identity) out.push({ serviceName: serviceName(jid, domain), description: String(identity.attrs.name ?? ''), hidden: false });
    }
    return out.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  });
}

const iq = (to: string, ns: string) => stanza(el('iq', { type: 'get', to, id: `disco-${randomBytes(4).toString('hex')}` }, el('query', { xmlns: ns })));

async function discoItems(s: UserStream, domain: string, timeoutMs: number): Promise<string[]> {
  const res = await s.request(iq(domain, NS_DISCO_ITEMS), 'discover the server\'s services', timeoutMs);
  return (res.getChild('query', NS_DISCO_ITEMS)?.getChildren('item') ?? []).map((i) => String(i.attrs.jid ?? '')).filter((j) => j !== '' && !j.includes('@'));
}

/** undefined when the item does not answer (a remote or broken component must not fail the list). */
async function discoInfo(s: UserStream, jid: string, timeoutMs: number): Promise<Stanza | undefined> {
  try {
    return (await s.request(iq(jid, NS_DISCO_INFO), 'discover a service', timeoutMs)).getChild('query', NS_DISCO_INFO) ?? undefined;
  } catch {
    return undefined;
  }
}
