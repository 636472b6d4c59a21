/**
 * One POST with node:http over a keep-alive agent, bounded by a timeout: about a third of the
 * CPU of a `fetch` call (measured in BENCHMARKS.md), which matters on the login and send paths.
 */
import http, { type Agent } from 'node:http';
import https from 'node:https';

export interface PostResult {
  readonly status: number;
  readonly text: string;
}

export class PostTimeout extends Error {
  override readonly name = 'TimeoutError';
}

export function createAgent(url: URL): Agent {
  const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' as const };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * A keep-alive socket the server closed while idle fails the next request with ECONNRESET before
 * any answer: that request never reached ejabberd, so it is sent once more on a fresh socket
 * (Node's documented remedy, `request.reusedSocket`).
 */
export async function postJson(url: URL, agent: Agent, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  try {
    return await postOnce(url, agent, headers, body, timeoutMs);
  } catch (err) {
    if ((err as { reusedSocket?: boolean }).reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
      return postOnce(url, agent, headers, body, timeoutMs);
    }
    throw err;
  }
}

function postOnce(url: URL, agent: Agent, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => req.destroy(new PostTimeout(`no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
    });
    req.end(body);
  });
}
