/**
 * A tiny schema language for the config file: one definition gives the TypeScript type,
 * the defaults, validation with path-precise messages, secret marking and the documented
 * example file (`ofgate.example.yml`). Nothing here knows about ofgate's own options.
 */

export interface LeafSpec<T> {
  readonly kind: 'leaf';
  readonly doc: string;
  readonly default: T | undefined;
  readonly secret: boolean;
  /** Returns the parsed value, or a message that completes "<path>: …". */
  parse(raw: unknown): { ok: true; value: T } | { ok: false; message: string };
  /** How the example file shows the default. */
  example(): string;
}

export interface GroupSpec<S extends Record<string, Spec>> {
  readonly kind: 'group';
  readonly doc: string;
  readonly fields: S;
}

export type Spec = LeafSpec<unknown> | GroupSpec<Record<string, Spec>>;

export type ValueOf<S> = S extends LeafSpec<infer T>
  ? T
  : S extends GroupSpec<infer F>
    ? { readonly [K in keyof F]: ValueOf<F[K]> }
    : never;

interface LeafOptions<T> {
  doc: string;
  default?: T;
  secret?: boolean;
}

function leaf<T>(
  opts: LeafOptions<T>,
  parse: LeafSpec<T>['parse'],
  show: (v: T) => string,
): LeafSpec<T> {
  return {
    kind: 'leaf',
    doc: opts.doc,
    default: opts.default,
    secret: opts.secret ?? false,
    parse,
    example: () => (opts.default === undefined ? '' : show(opts.default)),
  };
}

export function group<S extends Record<string, Spec>>(doc: string, fields: S): GroupSpec<S> {
  return { kind: 'group', doc, fields };
}

export function str(opts: LeafOptions<string> & { pattern?: RegExp; patternDoc?: string }): LeafSpec<string> {
  return leaf(
    opts,
    (raw) => {
      if (typeof raw === 'number') raw = String(raw);
      if (typeof raw !== 'string' || raw.length === 0) return { ok: false, message: 'expected a non-empty string' };
      if (opts.pattern && !opts.pattern.test(raw)) {
        return { ok: false, message: `expected ${opts.patternDoc ?? `a value matching ${String(opts.pattern)}`}` };
      }
      return { ok: true, value: raw };
    },
    (v) => JSON.stringify(v),
  );
}

/** An optional string: absent means "not set" (used for secrets generated at first start). */
export function optionalStr(opts: LeafOptions<string | undefined>): LeafSpec<string | undefined> {
  return leaf<string | undefined>(
    opts,
    (raw) => {
      if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
      if (typeof raw !== 'string') return { ok: false, message: 'expected a string' };
      return { ok: true, value: raw };
    },
    (v) => (v === undefined ? '' : JSON.stringify(v)),
  );
}

export function url(opts: LeafOptions<string> & { protocols: readonly string[] }): LeafSpec<string> {
  return leaf(
    opts,
    (raw) => {
      if (typeof raw !== 'string') return { ok: false, message: 'expected a URL' };
      try {
        const u = new URL(raw);
        if (!opts.protocols.includes(u.protocol)) {
          return { ok: false, message: `expected a URL with scheme ${opts.protocols.join(' or ')}` };
        }
        return { ok: true, value: raw };
      } catch {
        return { ok: false, message: 'expected a URL' };
      }
    },
    (v) => JSON.stringify(v),
  );
}

export function int(opts: LeafOptions<number> & { min?: number; max?: number }): LeafSpec<number> {
  return leaf(
    opts,
    (raw) => {
      const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, message: 'expected an integer' };
      if (opts.min !== undefined && n < opts.min) return { ok: false, message: `expected an integer >= ${opts.min}` };
      if (opts.max !== undefined && n > opts.max) return { ok: false, message: `expected an integer <= ${opts.max}` };
      return { ok: true, value: n };
    },
    (v) => String(v),
  );
}

export function bool(opts: LeafOptions<boolean>): LeafSpec<boolean> {
  return leaf(
    opts,
    (raw) => {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === 'false' || raw === '0') return { ok: true, value: false };
      return { ok: false, message: 'expected true or false' };
    },
    (v) => String(v),
  );
}

export function oneOf<const T extends string>(opts: { doc: string; default?: NoInfer<T>; values: readonly T[] }): LeafSpec<T> {
  return leaf(
    opts,
    (raw) =>
      typeof raw === 'string' && (opts.values as readonly string[]).includes(raw)
        ? { ok: true, value: raw as T }
        : { ok: false, message: `expected one of ${opts.values.join(', ')}` },
    (v) => v,
  );
}

export function strList(opts: LeafOptions<readonly string[]>): LeafSpec<readonly string[]> {
  return leaf(
    opts,
    (raw) => {
      if (typeof raw === 'string') raw = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) {
        return { ok: false, message: 'expected a list of strings' };
      }
      return { ok: true, value: raw as string[] };
    },
    (v) => `[${v.map((x) => JSON.stringify(x)).join(', ')}]`,
  );
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates `raw` against `spec`, filling defaults; throws ConfigError listing every bad path. */
export function parseConfig<S extends GroupSpec<Record<string, Spec>>>(spec: S, raw: unknown): ValueOf<S> {
  const problems: string[] = [];
  const value = walk(spec, raw, '', problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return value as ValueOf<S>;
}

function walk(spec: Spec, raw: unknown, path: string, problems: string[]): unknown {
  if (spec.kind === 'group') {
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      problems.push(`${path || '(root)'}: expected a mapping`);
      return {};
    }
    const obj = (raw ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!(key in spec.fields)) problems.push(`${join(path, key)}: unknown option`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(spec.fields)) out[key] = walk(child, obj[key], join(path, key), problems);
    return out;
  }
  if (raw === undefined || raw === null) {
    if (spec.default !== undefined) return spec.default;
    const probe = spec.parse(undefined);
    if (probe.ok) return probe.value;
    problems.push(`${path}: required`);
    return undefined;
  }
  const parsed = spec.parse(raw);
  if (!parsed.ok) {
    problems.push(`${path}: ${parsed.message}`);
    return undefined;
  }
  return parsed.value;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Every dotted path whose leaf is marked secret. */
export function secretPaths(spec: Spec, path = ''): string[] {
  if (spec.kind === 'leaf') return spec.secret ? [path] : [];
  return Object.entries(spec.fields).flatMap(([k, s]) => secretPaths(s, join(path, k)));
}

/** Renders the documented example YAML file from the schema. */
export function renderExample(spec: GroupSpec<Record<string, Spec>>, indent = ''): string {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(spec.fields)) {
    for (const docLine of child.doc.split('\n')) lines.push(`${indent}# ${docLine}`.trimEnd());
    if (child.kind === 'group') {
      lines.push(`${indent}${key}:`);
      lines.push(renderExample(child, `${indent}  `));
    } else {
      const shown = child.example();
      lines.push(shown === '' ? `${indent}# ${key}:` : `${indent}${key}: ${shown}`);
    }
  }
  return lines.join('\n');
}
