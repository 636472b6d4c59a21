export { configSchema, envAliases, type Config } from './config-schema.js';
export { loadConfig, ensureSecrets, type LoadOptions, type Secrets } from './load-config.js';
export { redactConfig } from './redact.js';
export { ConfigError, renderExample } from './schema-dsl.js';
