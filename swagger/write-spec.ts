/**
 * Writes swagger/openapi.json from the route declarations (run by `npm run build`). The spec
 * served at /swagger/openapi.json is built the same way at start; a test checks both agree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRootFrom, specRoutes } from './spec-routes.js';
import { buildOpenApi } from './build-openapi.js';
import { VERSION } from '../gateway/version.js';

const file = join(projectRootFrom(import.meta.url), 'swagger', 'openapi.json');
writeFileSync(file, JSON.stringify(buildOpenApi(specRoutes(), VERSION), null, 2) + '\n');
