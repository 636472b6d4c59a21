/**
 * What ofgate needs in an ejabberd.yml, applied to a parsed document (the `yaml` package's
 * Document, so comments stay): a loopback-only ejabberd_http listener with /api (and /xmlrpc
 * when asked), an api_permissions entry for ofgate, mod_ofgate with its URL and secret,
 * `oauth_access: all`, X-OAUTH2 out of disable_sasl_mechanisms, mod_fail2ban trusting
 * loopback (its `access` option: every ofgate stream comes from 127.0.0.1, and ofgate throttles
 * failed logins itself), mod_mam archiving, mod_stream_mgmt without resumption, and the
 * modules ofgate calls.
 * Rules it keeps: pure; idempotent (a second run on its own output changes nothing); an
 * existing ofgate listener keeps its port; only ofgate's own names are added (acl
 * ofgate_loopback, access rule ofgate_trusted, permission "ofgate"); nothing else is removed.
 * References: ../../../shared/notes/ejabberd-23.01.md §2, §7b, §10; test/harness/ejabberd-config.ts;
 * ejabberd 23.01 docs of mod_fail2ban (access), mod_stream_mgmt (resume_timeout), mod_mam.
 */
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document } from 'yaml';

export interface OfgateNeeds {
  /** Port of ofgate's API listener when none exists yet (an existing one keeps its own). */
  readonly apiPort: number;
  /** Serve /xmlrpc beside /api (ejabberd.backend xmlrpc). */
  readonly xmlrpc: boolean;
  /** mod_ofgate's url: where ofgate takes hook events. */
  readonly hookUrl: string;
  /** mod_ofgate's secret: ofgate's hooks secret. */
  readonly hookSecret: string;
  /** mod_stream_mgmt resume_timeout to set; undefined leaves the server's choice. */
  readonly resumeTimeout: number | undefined;
}

export interface OfgateEditResult {
  /** One line per change made (empty: the file already had everything). */
  readonly changes: readonly string[];
  /** The port ofgate's API listener has in the result. */
  readonly apiPort: number;
}

export const OFGATE_ACL = 'ofgate_loopback';
export const OFGATE_ACCESS = 'ofgate_trusted';
export const OFGATE_PERMISSION = 'ofgate';
const LOOPBACK_NETS = ['127.0.0.0/8', '::1/128'];
/** Modules ofgate's calls and features rely on, added as `{}` when missing. */
const PLAIN_MODULES = ['mod_admin_extra', 'mod_http_api', 'mod_last', 'mod_muc', 'mod_muc_admin', 'mod_offline', 'mod_roster', 'mod_shared_roster', 'mod_vcard'];

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

const js = (v: unknown): unknown => (v && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(js(a)) === JSON.stringify(js(b));

export function applyOfgateNeeds(doc: Document, needs: OfgateNeeds): OfgateEditResult {
  const changes: string[] = [];
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as YAMLMap;
  const root = doc.contents as YAMLMap;

  /** The block map at `key` of `parent`, created (or turned from `{}`/null into a block map) when needed. */
  const mapAt = (parent: YAMLMap, key: string): YAMLMap => {
    const v = parent.get(key, true);
    if (isMap(v)) {
      if (v.items.length === 0) v.flow = false;
      return v;
    }
    const m = doc.createNode({}) as YAMLMap;
    parent.set(key, m);
    return m;
  };
  const setIfDifferent = (parent: YAMLMap, key: string, value: Plain, what: string): void => {
    if (parent.has(key) && same(parent.get(key, true), value)) return;
    parent.set(key, doc.createNode(value));
    changes.push(what);
  };

  // 1. the API listener, loopback only
  const listen = root.get('listen', true);
  let listeners: YAMLSeq;
  if (isSeq(listen)) listeners = listen;
  else {
    listeners = doc.createNode([]) as YAMLSeq;
    root.set('listen', listeners);
  }
  const ours = listeners.items.find((item) => isMap(item) && isOfgateListener(js(item) as Record<string, unknown>)) as YAMLMap | undefined;
  let apiPort = needs.apiPort;
  if (ours) {
    apiPort = Number(ours.get('port'));
    const handlers = ours.get('request_handlers', true) as unknown as YAMLMap;
    if (needs.xmlrpc && !handlers.has('/xmlrpc')) {
      handlers.set('/xmlrpc', 'ejabberd_xmlrpc');
      changes.push(`listen: /xmlrpc added to ofgate's API listener on 127.0.0.1:${apiPort}`);
    }
  } else {
    const handlers: Record<string, Plain> = { '/api': 'mod_http_api', ...(needs.xmlrpc ? { '/xmlrpc': 'ejabberd_xmlrpc' } : {}) };
    const node = doc.createNode({ port: apiPort, ip: '127.0.0.1', module: 'ejabberd_http', request_handlers: handlers }) as YAMLMap;
    node.commentBefore = ' ofgate: its ejabberd API, on loopback only (added by ofgate setup-ejabberd)';
    listeners.items.push(node);
    changes.push(`listen: ofgate's API listener on 127.0.0.1:${apiPort} (${Object.keys(handlers).join(', ')})`);
  }

  // 2. api_permissions for ofgate: its loopback listener's callers, every command but stop/start
  const permissions = mapAt(root, 'api_permissions');
  setIfDifferent(permissions, OFGATE_PERMISSION, {
    from: ['mod_http_api', ...(needs.xmlrpc ? ['ejabberd_xmlrpc'] : [])],
    who: { ip: '127.0.0.1/8' },
    what: ['*', '!stop', '!start'],
  }, `api_permissions: "${OFGATE_PERMISSION}" (callers on 127.0.0.1, every command but stop and start)`);

  // 3. admin-issued OAuth tokens (password-less streams), and X-OAUTH2 offered by the c2s
  setIfDifferent(root, 'oauth_access', 'all', 'oauth_access: all (admin-issued tokens for password-less streams; needs erlang-p1-oauth2)');
  const disabled = root.get('disable_sasl_mechanisms', true);
  const isXOAuth2 = (v: unknown): boolean => String(js(v)).toUpperCase() === 'X-OAUTH2';
  if (isSeq(disabled)) {
    const kept = disabled.items.filter((v) => !isXOAuth2(v));
    if (kept.length !== disabled.items.length) {
      disabled.items = kept;
      if (kept.length === 0) disabled.flow = true;
      changes.push('disable_sasl_mechanisms: X-OAUTH2 taken out (ofgate opens streams with admin-issued tokens)');
    }
  } else if (isScalar(disabled) && isXOAuth2(disabled)) {
    root.delete('disable_sasl_mechanisms');
    changes.push('disable_sasl_mechanisms: removed (it disabled only X-OAUTH2)');
  }

  // 4. modules
  const modules = mapAt(root, 'modules');
  const ofgate = mapAt(modules, 'mod_ofgate');
  if (!same(ofgate.get('url', true), needs.hookUrl) || !same(ofgate.get('secret', true), needs.hookSecret)) {
    ofgate.set('url', needs.hookUrl);
    ofgate.set('secret', needs.hookSecret);
    changes.push(`modules: mod_ofgate posting to ${needs.hookUrl} with ofgate's hook secret`);
  }
  if (modules.has('mod_fail2ban')) {
    const acl = mapAt(root, 'acl');
    setIfDifferent(acl, OFGATE_ACL, { ip: LOOPBACK_NETS }, `acl: ${OFGATE_ACL} (${LOOPBACK_NETS.join(', ')})`);
    const rules = mapAt(root, 'access_rules');
    setIfDifferent(rules, OFGATE_ACCESS, { allow: OFGATE_ACL }, `access_rules: ${OFGATE_ACCESS} (allow ${OFGATE_ACL})`);
    const f2b = mapAt(modules, 'mod_fail2ban');
    setIfDifferent(f2b, 'access', OFGATE_ACCESS, `modules: mod_fail2ban never bans loopback (access: ${OFGATE_ACCESS}): every ofgate stream comes from 127.0.0.1, ofgate throttles failed logins per client itself`);
  }
  if (!modules.has('mod_mam')) {
    modules.set('mod_mam', doc.createNode({ default: 'always', assume_mam_usage: true, clear_archive_on_room_destroy: false }));
    changes.push('modules: mod_mam (history; archives every chat by default, room archives outlive their rooms)');
  }
  if (needs.resumeTimeout !== undefined) {
    const sm = mapAt(modules, 'mod_stream_mgmt');
    setIfDifferent(sm, 'resume_timeout', needs.resumeTimeout, `modules: mod_stream_mgmt resume_timeout: ${needs.resumeTimeout} (a dropped ofgate stream goes offline at once)`);
  }
  for (const m of PLAIN_MODULES) {
    if (modules.has(m)) continue;
    modules.set(m, doc.createNode({}));
    changes.push(`modules: ${m}`);
  }
  return { changes, apiPort };
}

/** ofgate's listener: ejabberd_http on 127.0.0.1 serving /api with mod_http_api. */
export function isOfgateListener(l: Record<string, unknown>): boolean {
  const handlers = l.request_handlers as Record<string, unknown> | undefined;
  return l.module === 'ejabberd_http' && String(l.ip) === '127.0.0.1' && l.tls !== true
    && typeof handlers === 'object' && handlers !== null && handlers['/api'] === 'mod_http_api';
}

/** Every port a listener of the document uses (to pick a free one for ofgate's). */
export function listenerPorts(doc: Document): number[] {
  const listen = js((doc.contents as YAMLMap | null)?.get?.('listen', true));
  if (!Array.isArray(listen)) return [];
  return listen.map((l) => Number((l as Record<string, unknown>).port)).filter((p) => Number.isInteger(p));
}
