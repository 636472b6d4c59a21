/**
 * Reads the YAML file, applies environment overrides, validates, and fills the secrets that
 * must never have a default: they are generated once and kept in the data directory.
 *
 * Order: the defaults, then the file, then the environment (OFGATE_<GROUP>_<KEY> and the short
 * aliases), then `overrides` (tests). An OFGATE_ variable that is no setting (a misspelling:
 * it would otherwise be ignored without a word) is an error naming the closest setting; the
 * few variables of ofgate's own tools (TOOL_VARIABLES) are let through. A malformed value is
 * the same error as in the file, naming the variable's setting.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, envAliases, type Config } from './config-schema.js';
import { ConfigError, parseConfig, type Spec } from './schema-dsl.js';

export interface LoadOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Overrides applied last (tests). Dotted paths. */
  overrides?: Readonly<Record<string, unknown>>;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  let raw: Record<string, unknown> = {};
  if (opts.file) {
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (err) {
      throw new ConfigError([`${opts.file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
    try {
      raw = (parseYaml(text) as Record<string, unknown> | null) ?? {};
    } catch (err) {
      throw new ConfigError([`${opts.file}: not valid YAML (${(err as Error).message.split('\n')[0]})`]);
    }
  }
  const { overrides: fromEnv, unknown } = envOverrides(env);
  if (unknown.length > 0) throw new ConfigError(unknown);
  for (const [path, value] of fromEnv) setPath(raw, path, value);
  for (const [path, value] of Object.entries(opts.overrides ?? {})) setPath(raw, path, value);
  return parseConfig(configSchema, raw);
}

/** OFGATE_ variables read by ofgate's own tools (make run, the test and bench harnesses), not settings. */
const TOOL_VARIABLES = [/^OFGATE_CONFIG$/, /^OFGATE_XMPP_PORT$/, /^OFGATE_ADMIN_PASSWORD$/, /^OFGATE_KEEP_[A-Z_]+$/, /^OFGATE_TEST_[A-Z_]+$/, /^OFGATE_STORE_TIMINGS$/];

/** Generic OFGATE_<SECTION>_<KEY> variables (camelCase keys in SNAKE form) plus the short aliases; OFGATE_ names that are neither. */
function envOverrides(env: NodeJS.ProcessEnv): { overrides: Array<[string, string]>; unknown: string[] } {
  const byEnvName = new Map<string, string>();
  const visit = (spec: Spec, path: string[]): void => {
    if (spec.kind === 'leaf') {
      const name = 'OFGATE_' + path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
      byEnvName.set(name, path.join('.'));
      return;
    }
    for (const [k, child] of Object.entries(spec.fields)) visit(child, [...path, k]);
  };
  visit(configSchema, []);
  for (const [alias, path] of Object.entries(envAliases)) byEnvName.set(alias, path);
  const overrides: Array<[string, string]> = [];
  for (const [name, path] of byEnvName) {
    const v = env[name];
    if (v !== undefined && v !== '') overrides.push([path, v]);
  }
  const unknown = Object.keys(env)
    .filter((name) => name.startsWith('OFGATE_') && !byEnvName.has(name) && !TOOL_VARIABLES.some((re) => re.test(name)))
    .sort()
    .map((name) => `${name}: not an ofgate setting${suggestion(name, [...byEnvName.keys()])} (settings: OFGATE_{GROUP}_{KEY}, see ofgate.example.yml)`);
  return { overrides, unknown };
}

/** ", did you mean X?" for the closest known name within a few edits, else "". */
function suggestion(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 5)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : `: did you mean ${best}?`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

export interface Secrets {
  readonly secret: string;
  readonly hookSecret: string;
}

/** Returns config.auth.secret / hooks.secret, generating and persisting missing ones (mode 0600). */
export function ensureSecrets(config: Config): Secrets {
  const file = join(config.store.dataDir, 'secrets.json');
  let kept: Partial<Record<'secret' | 'hookSecret', string>> = {};
  if (existsSync(file)) kept = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
  const secret = config.auth.secret ?? kept.secret ?? randomBytes(18).toString('base64url');
  const hookSecret = config.hooks.secret ?? kept.hookSecret ?? randomBytes(18).toString('base64url');
  if (kept.secret !== secret || kept.hookSecret !== hookSecret) {
    mkdirSync(config.store.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ secret, hookSecret }, null, 2) + '\n', { mode: 0o600 });
  }
  return { secret, hookSecret };
}
