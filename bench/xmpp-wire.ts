/**
 * Reads one direction of an XMPP c2s connection as it crosses a proxy (bench/c2s-trace.ts):
 * the top-level elements of the stream, each with a kind that says what ejabberd had to do with
 * it (`message/chat(body)`, `iq/get(roster)`, `sm:r`, `sm:a`, …), and the bound JID once the
 * server reports it.
 * Rules it keeps:
 * - a stream header (`<?xml …?>`, `<stream:stream …>`) starts a new parse, as a stream restart
 *   after SASL does; a header split across two reads is not handled (never seen on loopback);
 * - bytes are decoded as UTF-8 across reads (a character split between two reads stays whole);
 * - an element's `bytes` are those of its serialisation (attribute quoting may differ from the
 *   wire by a byte or two); the exact wire bytes are counted by the proxy, not here;
 * - text this parser cannot read ends the reading of that direction (counted as `unreadable`),
 *   never the proxy.
 * References: RFC 6120 §4 (streams), XEP-0198 (sm:r, sm:a).
 */
import { StringDecoder } from 'node:string_decoder';
import { Parser, type Element } from '@xmpp/xml';

const NS_SM = 'urn:xmpp:sm:3';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const SHORT_NS: Readonly<Record<string, string>> = {
  'jabber:iq:roster': 'roster',
  'urn:xmpp:ping': 'ping',
  'jabber:iq:private': 'private',
  'http://jabber.org/protocol/disco#info': 'disco#info',
  'http://jabber.org/protocol/disco#items': 'disco#items',
  'urn:xmpp:mam:2': 'mam',
  'urn:ietf:params:xml:ns:xmpp-session': 'session',
  [NS_BIND]: 'bind',
  'urn:xmpp:carbons:2': 'carbons',
  'urn:xmpp:blocking': 'blocking',
  'jabber:iq:privacy': 'privacy',
  'vcard-temp': 'vcard',
};

const childNames = (el: Element): string => el.getChildElements().map((c) => c.name).sort().join('+');

/** What ejabberd handles for this element: stanza name, type and children; a nonza by its name. */
export function elementKind(el: Element): string {
  if (el.attrs.xmlns === NS_SM) return `sm:${el.name}`;
  if (el.name === 'message') return `message/${el.attrs.type ?? 'normal'}(${childNames(el)})`;
  if (el.name === 'presence') return `presence/${el.attrs.type ?? 'available'}(${childNames(el)})`;
  if (el.name === 'iq') {
    const child = el.getChildElements()[0];
    const what = child ? SHORT_NS[child.attrs.xmlns as string] ?? child.name : '';
    return `iq/${el.attrs.type ?? '?'}(${what})`;
  }
  return el.name;
}

/** The local part of the JID a bind result carries (server → client), if `el` is one. */
export function boundUser(el: Element): string | undefined {
  if (el.name !== 'iq' || el.attrs.type !== 'result') return undefined;
  const jid = el.getChild('bind', NS_BIND)?.getChildText('jid');
  if (!jid) return undefined;
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : undefined;
}

export interface WireReader {
  /** Feeds one read's bytes. */
  write(chunk: Buffer): void;
  /** Reads that could not be parsed (the direction is no longer read after the first). */
  readonly unreadable: number;
}

const STREAM_OPEN = '<stream:stream';

/** Where each stream header in `text` starts (at its <?xml?> declaration when it has one). */
export function headerStarts(text: string): number[] {
  const starts: number[] = [];
  for (let i = text.indexOf(STREAM_OPEN); i >= 0; i = text.indexOf(STREAM_OPEN, i + 1)) {
    const decl = text.lastIndexOf('<?xml', i);
    const last = starts[starts.length - 1] ?? -1;
    starts.push(decl > last && /^<\?xml[^>]*\?>\s*$/.test(text.slice(decl, i)) ? decl : i);
  }
  return starts;
}

/** Calls `onElement` with every top-level element of the stream's direction, in order. */
export function createWireReader(onElement: (el: Element) => void): WireReader {
  const decoder = new StringDecoder('utf8');
  let parser: Parser | undefined;
  let unreadable = 0;
  const fresh = (): void => {
    const p = new Parser();
    p.on('element', (el: Element) => onElement(el));
    p.on('error', () => {
      unreadable += 1;
      parser = undefined;
    });
    parser = p;
  };
  const feed = (text: string): void => {
    if (!parser || text === '') return;
    try {
      parser.write(text);
    } catch {
      unreadable += 1;
      parser = undefined;
    }
  };
  return {
    write(chunk) {
      if (unreadable > 0) return;
      const text = decoder.write(chunk);
      let from = 0;
      for (const at of headerStarts(text)) {
        feed(text.slice(from, at));
        fresh();
        from = at;
      }
      feed(text.slice(from));
    },
    get unreadable() {
      return unreadable;
    },
  };
}
