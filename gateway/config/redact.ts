/** Produces a copy of the config fit for logs: every secret-marked field is replaced. */
import { configSchema, type Config } from './config-schema.js';
import { secretPaths } from './schema-dsl.js';

const SECRET_PATHS = secretPaths(configSchema);

export function redactConfig(config: Config): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, Record<string, unknown>>;
  for (const path of SECRET_PATHS) {
    const [section, ...rest] = path.split('.');
    let node: Record<string, unknown> | undefined = copy[section as string];
    for (const key of rest.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    const last = rest[rest.length - 1] as string;
    if (node && node[last] !== undefined) node[last] = '[redacted]';
  }
  return copy;
}
