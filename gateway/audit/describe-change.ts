/**
 * What an admin change was, in the audit log's words: a one-line summary from the method and
 * the route ("POST /users", "DELETE /chatrooms/{roomName}/owners/{jid}"), and details naming
 * the path parameters, the query and the answer's status. Pure. Request bodies are never
 * copied (they carry passwords); secrets in the query (the legacy ?secret=) are masked.
 */
export interface ChangeFacts {
  readonly method: string;
  /** The route's declared path: /users/{username}. */
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The HTTP status answered, or the error's. */
  readonly status: number;
  /** The ofgate instance that served it. */
  readonly instance: string;
}

const MASKED = new Set(['secret', 'password', 'token']);
const MAX_VALUE = 200;

const clip = (v: string): string => (v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}…` : v);

export function describeChange(f: ChangeFacts): { summary: string; details: string } {
  const params = Object.entries(f.params).map(([k, v]) => `${k} = ${clip(v)}`);
  const query = Object.entries(f.query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} = ${MASKED.has(k.toLowerCase()) ? '***' : clip(v)}`);
  const summary = `${f.method.toUpperCase()} ${f.route}${f.status >= 400 ? ` refused (${f.status})` : ''}`;
  const details = [...params, ...query, `status = ${f.status}`, `instance = ${f.instance}`].join(', ');
  return { summary, details };
}
