/**
 * The OpenAPI document under the API base paths (the plugin serves its own at openapi.yaml and
 * openapi.json): the same document as /swagger/openapi.json, built from the route declarations,
 * as JSON or YAML (plain YAML: no anchors or aliases, which many parsers cap). No credentials,
 * as /swagger/openapi.json.
 * References: Openfire REST API plugin CustomOpenApiResource.
 */
import { stringify } from 'yaml';
import type { RouteSpec } from '../../http/index.js';

/** The served document, read when a request comes (it is built from every route, these included). */
export type OpenApiDocument = () => Readonly<Record<string, unknown>> | undefined;

export function openApiDocumentRoutes(document: OpenApiDocument): RouteSpec[] {
  const common = { method: 'get', scope: 'api', tag: 'Documentation', access: 'public', body: { kind: 'none' }, errors: [404] } as const;
  const serve = (send: (doc: Readonly<Record<string, unknown>>, res: Parameters<NonNullable<RouteSpec['handleRaw']>>[1]['res']) => void): RouteSpec['handleRaw'] =>
    (_req, { res }) => {
      const doc = document();
      if (doc === undefined) res.status(404).end();
      else send(doc, res);
    };
  return [
    {
      ...common, path: '/openapi.json', summary: "ofgate's OpenAPI document (as /swagger/openapi.json)",
      result: { kind: 'text', status: 200, mediaType: 'application/json', doc: 'The OpenAPI 3 document' },
      handleRaw: serve((doc, res) => void res.status(200).json(doc)),
    },
    {
      ...common, path: '/openapi.yaml', summary: "ofgate's OpenAPI document in YAML",
      result: { kind: 'text', status: 200, mediaType: 'application/yaml', doc: 'The OpenAPI 3 document' },
      handleRaw: serve((doc, res) => void res.status(200).type('application/yaml').send(stringify(doc, { aliasDuplicateObjects: false }))),
    },
  ];
}
