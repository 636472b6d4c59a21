/**
 * Reads the YAML file, applies environment overrides, validates, and fills the secrets that
 * must never have a default: they are generated once and kept in the data directory.
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
  for (const [path, value] of envOverrides(env)) setPath(raw, path, value);
  for (const [path, value] of Object.entries(opts.overrides ?? {})) setPath(raw, path, value);
  return parseConfig(configSchema, raw);
}

/** Generic OFGATE_<SECTION>_<KEY> variables (camelCase keys in SNAKE form) plus the short aliases. */
function envOverrides(env: NodeJS.ProcessEnv): Array<[string, string]> {
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
  const out: Array<[string, string]> = [];
  for (const [name, path] of byEnvName) {
    const v = env[name];
    if (v !== undefined && v !== '') out.push([path, v]);
  }
  return out;
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
