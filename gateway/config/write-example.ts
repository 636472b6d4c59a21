/** Prints ofgate.example.yml, generated from the config schema (make example-config). */
import { configSchema, renderExample } from './index.js';

process.stdout.write(`# ofgate configuration (generated from gateway/config/config-schema.ts; every value shown is the default)
# Environment overrides: OFGATE_SECTION_KEY (e.g. OFGATE_SERVER_PORT, OFGATE_EJABBERD_TIMEOUT_MS), plus OFGATE_PORT, OFGATE_SECRET, ...
${renderExample(configSchema)}
`);
