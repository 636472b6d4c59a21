/** The committed OpenAPI document is valid OpenAPI 3 (schemas, refs, parameters). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

describe('OpenAPI document', () => {
  const spec = JSON.parse(readFileSync(new URL('../../swagger/openapi.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('when validated, then it is valid OpenAPI 3 with every $ref resolving', async () => {
    await SwaggerParser.validate(structuredClone(spec) as never);
  });

  it('when read, then every operation has a success response with a schema or a documented empty body, and no operation lists unknown schemes', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, { responses: Record<string, { content?: unknown; description: string }>; security: unknown[]; requestBody?: unknown }>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
        const ok = Object.entries(op.responses).find(([code]) => code === '200' || code === '201');
        if (!ok) problems.push(`${method} ${path}: no 200/201`);
        const schemes = new Set(Object.keys((spec.components as { securitySchemes: Record<string, unknown> }).securitySchemes));
        const named = op.security.flatMap((req) => Object.keys(req as Record<string, unknown>));
        if (named.some((n) => !schemes.has(n))) problems.push(`${method} ${path}: security names an unknown scheme`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
