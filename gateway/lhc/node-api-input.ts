/**
 * The node-server API's bodies, read once (pure): the JSON text LHC's PHP posts (with
 * `secret_key` merged in, `\/` escapes and all) becomes a typed request per route, or a reason
 * why not. No I/O here.
 *
 * Rules it keeps:
 * - Not JSON, or not a JSON object: `malformed` (400, as body-parser answered the original).
 * - `host` of /xmpp and `hostlogin` (the node server's login host) are read but ofgate always
 *   connects to xmpp.service; the account's host is the `jid`'s.
 * - Every field LHC sends is a string; a missing, empty, non-string or oversized field, a name
 *   outside the LHC patterns (notes B.8: letters, digits, `_`, `.`, `-`; nothing that quotes,
 *   escapes or separates: `'`, `"`, `;`, `$`, backticks, `/`, `@`, spaces, newlines, non-ASCII),
 *   a host that is not one the bridge serves, or a `jid` of another host: `invalid` (the
 *   original's `{"error":true,"msg":"Invalid arguments"}`). Extra fields are ignored.
 * - `display` is never read: `display_array` (a list of group names) says which groups a new
 *   group displays (the original passed `display` to a shell unescaped).
 * - nick and status are free text (status multi-line), bounded, without control characters
 *   besides newline and tab.
 */

export type LhcRoute =
  | 'xmpp' | 'xmpp-send-message' | 'xmpp-register' | 'xmpp-register-online-visitor' | 'xmpp-change-password'
  | 'xmpp-unregister' | 'xmpp-assign-user-to-roaster' | 'xmpp-delete-user-from-roaster' | 'xmpp-setup-instance-roasters'
  | 'xmpp-delete-instance-roasters' | 'xmpp-does-shared-roaster-exists';

export const LHC_ROUTES: readonly LhcRoute[] = [
  'xmpp', 'xmpp-send-message', 'xmpp-register', 'xmpp-register-online-visitor', 'xmpp-change-password', 'xmpp-unregister',
  'xmpp-assign-user-to-roaster', 'xmpp-delete-user-from-roaster', 'xmpp-setup-instance-roasters', 'xmpp-delete-instance-roasters',
  'xmpp-does-shared-roaster-exists',
];

/** A visitor's presence as LHC gives it. */
export interface VisitorLook {
  readonly nick: string;
  readonly status: string;
}

export type LhcRequest =
  | { readonly route: 'xmpp'; readonly user: string; readonly host: string; readonly pass: string; readonly look: VisitorLook }
  | { readonly route: 'xmpp-send-message'; readonly user: string; readonly host: string; readonly pass: string; readonly look: VisitorLook; readonly to: string; readonly message: string }
  | { readonly route: 'xmpp-register' | 'xmpp-change-password'; readonly user: string; readonly host: string; readonly password: string }
  | { readonly route: 'xmpp-register-online-visitor'; readonly user: string; readonly host: string; readonly password: string; readonly group: string; readonly hostLogin: string; readonly look: VisitorLook }
  | { readonly route: 'xmpp-unregister'; readonly user: string; readonly host: string }
  | { readonly route: 'xmpp-assign-user-to-roaster' | 'xmpp-delete-user-from-roaster'; readonly user: string; readonly host: string; readonly group: string; readonly groupHost: string }
  | { readonly route: 'xmpp-setup-instance-roasters'; readonly group: string; readonly host: string; readonly name: string; readonly desc: string; readonly display: readonly string[] }
  | { readonly route: 'xmpp-delete-instance-roasters' | 'xmpp-does-shared-roaster-exists'; readonly group: string; readonly host: string };

export type ReadOutcome =
  | { readonly kind: 'malformed' }
  | { readonly kind: 'read'; readonly secretKey: string | undefined; readonly parse: (route: LhcRoute) => LhcRequest | undefined };

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,190}$/;
const FREE_TEXT_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/u;
const DEFAULT_NICK = 'Online visitor';
const DEFAULT_STATUS = '-';

class Fields {
  bad = false;
  constructor(private readonly body: Readonly<Record<string, unknown>>, private readonly hosts: readonly string[]) {}

  private raw(key: string, max: number): string | undefined {
    const v = this.body[key];
    if (typeof v !== 'string' || v === '' || v.length > max) return undefined;
    return v;
  }
  name(key: string): string {
    const v = this.raw(key, 191);
    if (v === undefined || !NAME.test(v) || v.includes('..')) this.bad = true;
    return v ?? '';
  }
  host(key: string): string {
    const v = this.raw(key, 253)?.toLowerCase();
    if (v === undefined || !this.hosts.includes(v)) this.bad = true;
    return v ?? '';
  }
  /** The host LHC's node server connected to (host_login): required, a domain name; ofgate always connects to xmpp.service. */
  loginHost(key: string): string {
    const v = this.raw(key, 253) ?? '';
    if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/u.test(v)) this.bad = true;
    return v;
  }
  secret(key: string): string {
    const v = this.raw(key, 1024);
    if (v === undefined || FREE_TEXT_BAD.test(v) || /[\n\r\t]/u.test(v)) this.bad = true;
    return v ?? '';
  }
  text(key: string, max: number, fallback?: string): string {
    const present = this.body[key] !== undefined && this.body[key] !== null && this.body[key] !== '';
    if (!present && fallback !== undefined) return fallback;
    const v = this.raw(key, max);
    if (v === undefined || FREE_TEXT_BAD.test(v)) this.bad = true;
    return v ?? '';
  }
  /** `jid` as `user@host` of a served host: its parts. */
  jid(key: string): { user: string; host: string } {
    const v = this.raw(key, 450) ?? '';
    const at = v.indexOf('@');
    const user = at > 0 ? v.slice(0, at) : '';
    const host = at > 0 ? v.slice(at + 1).toLowerCase() : '';
    if (!NAME.test(user) || user.includes('..') || !this.hosts.includes(host)) this.bad = true;
    return { user, host };
  }
  /** A bare JID of any domain (the operator a visitor writes to): local@domain, no resource, no spaces. */
  bareJid(key: string): string {
    const v = this.raw(key, 450) ?? '';
    if (!/^[^\s@/"'<>&]+@[A-Za-z0-9.-]+$/u.test(v)) this.bad = true;
    return v;
  }
  names(key: string): string[] {
    const v = this.body[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > 64 || !v.every((g) => typeof g === 'string' && NAME.test(g))) {
      this.bad = true;
      return [];
    }
    return [...new Set(v as string[])];
  }
}

function look(f: Fields): VisitorLook {
  return { nick: f.text('nick', 256, DEFAULT_NICK), status: f.text('status', 4096, DEFAULT_STATUS) };
}

function parseRoute(route: LhcRoute, f: Fields): LhcRequest {
  switch (route) {
    case 'xmpp': {
      const { user, host } = f.jid('jid');
      f.loginHost('host');
      return { route, user, host, pass: f.secret('pass'), look: look(f) };
    }
    case 'xmpp-send-message': {
      const { user, host } = f.jid('jid');
      f.loginHost('host');
      return { route, user, host, pass: f.secret('pass'), look: look(f), to: f.bareJid('operator_username'), message: f.text('message', 65_536) };
    }
    case 'xmpp-register':
    case 'xmpp-change-password':
      return { route, user: f.name('user'), host: f.host('host'), password: f.secret('password') };
    case 'xmpp-register-online-visitor':
      return { route, user: f.name('user'), host: f.host('host'), password: f.secret('password'), group: f.name('group'), hostLogin: f.loginHost('hostlogin'), look: look(f) };
    case 'xmpp-unregister':
      return { route, user: f.name('user'), host: f.host('host') };
    case 'xmpp-assign-user-to-roaster':
    case 'xmpp-delete-user-from-roaster':
      return { route, user: f.name('user'), host: f.host('host'), group: f.name('group'), groupHost: f.host('grouphost') };
    case 'xmpp-setup-instance-roasters':
      return { route, group: f.name('group'), host: f.host('host'), name: f.text('name', 256), desc: f.text('desc', 1024, ''), display: f.names('display_array') };
    case 'xmpp-delete-instance-roasters':
    case 'xmpp-does-shared-roaster-exists':
      return { route, group: f.name('group'), host: f.host('host') };
  }
}

/** Reads a body: malformed, or its secret_key and a parser per route (undefined: invalid arguments). */
export function readLhcBody(text: string, hosts: readonly string[]): ReadOutcome {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'malformed' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { kind: 'malformed' };
  const record = body as Readonly<Record<string, unknown>>;
  const key = record['secret_key'];
  return {
    kind: 'read',
    secretKey: typeof key === 'string' ? key : undefined,
    parse(route) {
      const f = new Fields(record, hosts);
      const req = parseRoute(route, f);
      return f.bad ? undefined : req;
    },
  };
}
