/**
 * What ofgate must trust to speak TLS to this ejabberd: the certificate of ejabberd.yml's
 * first `certfiles` entry, as the lines to put in ofgate.yml (xmpp.tls.fingerprint, and
 * xmpp.tls.serverName when the certificate does not name the XMPP domain).
 * Rules it keeps: reads only; an unreadable or missing certificate gives no hint, not an error.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isMap, isSeq, type Document } from 'yaml';

export interface CertificateHint {
  readonly file: string;
  readonly fingerprint: string;
  /** The certificate's subject CN (or first DNS name). */
  readonly name: string | undefined;
  readonly coversDomain: boolean;
}

export function certificateHint(doc: Document, domain: string): CertificateHint | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const files = root.get('certfiles', true);
  const first = isSeq(files) ? String((files.items[0] as { value?: unknown } | undefined)?.value ?? '') : '';
  if (!first || first.includes('*')) return undefined;
  try {
    const pem = readFileSync(first, 'utf8');
    const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!block) return undefined;
    const cert = new X509Certificate(block);
    const cn = /CN=([^\n,]+)/.exec(cert.subject)?.[1];
    const dns = /DNS:([^,\s]+)/.exec(cert.subjectAltName ?? '')?.[1];
    return { file: first, fingerprint: cert.fingerprint256, name: dns ?? cn, coversDomain: cert.checkHost(domain) !== undefined };
  } catch {
    return undefined;
  }
}
