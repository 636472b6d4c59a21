/**
 * TLS of a user's stream to ejabberd's c2s, with the trust ofgate is configured for
 * (config xmpp.tls): STARTTLS when the server offers it (Debian's c2s requires it) and direct
 * TLS for xmpps:// services, both verified by one of
 * - the system CAs (nothing set), or a CA file (caFile) that signed the server's certificate;
 * - a pinned sha256 fingerprint of the server's certificate (fingerprint): that certificate
 *   and no other is accepted, whoever signed it (Debian's self-signed ejabberd.pem);
 * - serverName: the name the certificate must carry when it is not the XMPP domain (Debian's
 *   ejabberd.pem says CN=ejabberd for domain localhost); also sent as SNI.
 * @xmpp/client 0.14 passes no TLS options, so this replaces its direct-TLS transport and takes
 * the STARTTLS step before its own feature handler sees the <features/> (same wire steps:
 * <starttls/>, <proceed/>, handshake, stream restart).
 * Rules it keeps: never accepts an unverified certificate (no "insecure" switch); a failed
 * check is an error whose `code` says which (Node's verify codes, ERR_OFGATE_TLS_FINGERPRINT),
 * turned into a message naming the key to set by xmpp-failure.ts.
 * References: RFC 6120 §5 (STARTTLS), §13.7.2 (certificate names); XEP-0368 (direct TLS);
 * @xmpp/starttls and @xmpp/tls 0.14.0; Node tls.connect, tls.checkServerIdentity.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Client } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';

export interface StreamTls {
  /** PEM file of the CA (or the self-signed certificate itself) to trust instead of the system's. */
  readonly caFile?: string | undefined;
  /** sha256 fingerprint of the server's certificate ("AB:CD:…" or plain hex). */
  readonly fingerprint?: string | undefined;
  /** The name the certificate must carry (default: the XMPP domain). */
  readonly serverName?: string | undefined;
}

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_STREAM = 'http://etherx.jabber.org/streams';

/** "ab:cd…" / "ABCD…" → "AB:CD:…" (Node's fingerprint256 form); undefined when not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw Object.assign(new Error(`xmpp.tls.caFile: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`), { code: 'ERR_OFGATE_TLS_CONFIG' });
  }
}

/** tls.connect options (besides host/port/socket) and the check run once the handshake is done. */
export function secureOptions(tls: StreamTls, domain: string): { options: ConnectionOptions; check(socket: TLSSocket): Error | undefined } {
  const name = tls.serverName ?? domain;
  const pin = tls.fingerprint ? normalizeFingerprint(tls.fingerprint) : undefined;
  if (tls.fingerprint && !pin) throw Object.assign(new Error(`xmpp.tls.fingerprint is not a sha256 fingerprint (64 hex digits): ${tls.fingerprint}`), { code: 'ERR_OFGATE_TLS_CONFIG' });
  const options: ConnectionOptions = {
    servername: name,
    ...(tls.caFile ? { ca: readCa(tls.caFile) } : {}),
    // a pin replaces the chain check: it names the one certificate accepted
    rejectUnauthorized: !pin,
    checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(name, cert),
  };
  const check = (socket: TLSSocket): Error | undefined => {
    if (!pin) return undefined;
    const got = socket.getPeerCertificate()?.fingerprint256;
    if (got === pin) return undefined;
    return Object.assign(new Error(`the server's certificate (sha256 ${got ?? 'none'}) is not the one pinned by xmpp.tls.fingerprint`), { code: 'ERR_OFGATE_TLS_FINGERPRINT' });
  };
  return { options, check };
}

/** The socket @xmpp/connection drives (the shape of @xmpp/tls's), over a verified TLSSocket. */
class VerifiedTlsSocket extends EventEmitter {
  secure = true;
  socket: TLSSocket | null = null;

  constructor(private readonly secure_: ReturnType<typeof secureOptions>) {
    super();
  }

  connect(params: ConnectionOptions): void {
    const s = tlsConnect({ ...params, ...this.secure_.options });
    this.socket = s;
    s.on('data', (d: Buffer) => this.emit('data', d));
    s.on('error', (err: Error) => this.emit('error', err));
    s.on('close', () => {
      this.socket = null;
      this.emit('close');
    });
    s.once('secureConnect', () => {
      const err = this.secure_.check(s);
      if (err) {
        s.destroy(err);
        return;
      }
      this.emit('connect');
    });
  }

  end(): void {
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.destroy();
  }

  write(data: string, fn?: (err?: Error | null) => void): void {
    if (!this.socket) {
      fn?.(new Error('socket closed'));
      return;
    }
    this.socket.write(data, fn);
  }
}

interface ClientInternals {
  transports: Array<{ prototype: { socketParameters(service: string): unknown; Socket: unknown } }>;
  socket: (EventEmitter & { secure?: boolean }) | null;
  options: { domain: string };
  _onElement(el: Element): void;
  _attachSocket(socket: unknown): void;
  sendReceive(el: Element, timeoutMs?: number): Promise<Element>;
  restart(): Promise<unknown>;
  emit(event: 'error', err: unknown): boolean;
}

/** Makes `client` use these TLS settings for direct TLS and STARTTLS; call before start(). */
export function useStreamTls(client: Client, tls: StreamTls, domain: string): void {
  const secure = secureOptions(tls, domain);
  const c = client as unknown as ClientInternals;

  // direct TLS (xmpps://): the same transport with a verifying socket
  const at = c.transports.findIndex((T) => {
    try {
      return T.prototype.socketParameters('xmpps://127.0.0.1:5223') !== undefined;
    } catch {
      return false;
    }
  });
  if (at >= 0) {
    const Base = c.transports[at] as unknown as new (...a: unknown[]) => object;
    class VerifiedTransport extends Base {}
    (VerifiedTransport.prototype as unknown as { Socket: unknown }).Socket = class extends VerifiedTlsSocket {
      constructor() {
        super(secure);
      }
    };
    c.transports[at] = VerifiedTransport as unknown as ClientInternals['transports'][number];
  }

  // STARTTLS: taken before the <features/> reach @xmpp/starttls (which would pass no options)
  const onElement = c._onElement.bind(c);
  c._onElement = (el: Element) => {
    const plain = c.socket !== null && c.socket.secure !== true;
    if (plain && el.is('features', NS_STREAM) && el.getChild('starttls', NS_TLS)) {
      startTls(c, secure).catch((err: unknown) => c.emit('error', err));
      return;
    }
    onElement(el);
  };
}

async function startTls(c: ClientInternals, secure: ReturnType<typeof secureOptions>): Promise<void> {
  const answer = await c.sendReceive(xml('starttls', { xmlns: NS_TLS }));
  if (!answer.is('proceed', NS_TLS)) throw Object.assign(new Error('STARTTLS_FAILURE: the server refused to start TLS'), { code: 'ERR_OFGATE_STARTTLS' });
  const tcp = c.socket as unknown as Socket;
  const tlsSocket = new VerifiedTlsSocket(secure);
  await new Promise<void>((resolve, reject) => {
    tlsSocket.once('connect', () => {
      tlsSocket.removeListener('error', reject);
      resolve();
    });
    tlsSocket.once('error', reject);
    tlsSocket.connect({ socket: tcp });
  });
  c._attachSocket(tlsSocket);
  await c.restart();
}
