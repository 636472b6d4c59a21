/**
 * Can a client reach ejabberd's c2s? Opens a TCP (xmpp:) or TLS (xmpps:) connection to
 * xmpp.service, sends a stream header and waits for the server's stream features: what every
 * login of ofgate's users needs first. Bounded by `timeoutMs`; always closes the socket. The
 * certificate is not judged here (the streams' own TLS settings do that): this checks reachability.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { escapeAttr } from '../xml/index.js';

const STREAM_OPEN_START = '<?xml version="1.0"?><stream:stream version="1.0" xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" to="';
const STREAM_OPEN_END = '">';

export async function probeC2s(service: string, domain: string, timeoutMs: number): Promise<void> {
  const url = new URL(service);
  const secure = url.protocol === 'xmpps:';
  const port = Number(url.port || (secure ? 5223 : 5222));
  const host = url.hostname;
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const socket: Socket = secure ? tlsConnect({ host, port, servername: domain, rejectUnauthorized: false }) : tcpConnect({ host, port });
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.end('</stream:stream>');
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`no stream features from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      // the stream's opening tag (a prefixed name the XML writer does not build; the one value escaped)
      socket.write(STREAM_OPEN_START + escapeAttr(domain) + STREAM_OPEN_END);
    });
    socket.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-8192);
      if (seen.includes('stream:features') || seen.includes(':features')) finish();
      else if (seen.includes('stream:error')) finish(new Error(`c2s answered a stream error: ${seen.slice(seen.indexOf('stream:error'), seen.indexOf('stream:error') + 200)}`));
    });
    socket.once('error', (e) => finish(new Error(`cannot reach c2s at ${host}:${port}: ${e.message}`)));
  });
}
