/** JSON Schemas for entities, one per wire form (modern JSON, ofchat mapped JSON, XML). */
import type { EntityDef, ScalarType } from '../gateway/entities/index.js';

type Schema = Record<string, unknown>;

function scalarSchema(type: ScalarType, form: 'modern' | 'ofchat' | 'xml'): Schema {
  if (form === 'ofchat') return { type: 'string' };
  switch (type) {
    case 'int':
      return { type: 'integer' };
    case 'bool':
      return { type: 'boolean' };
    case 'date':
      return form === 'modern' ? { type: 'integer', format: 'int64', description: 'epoch milliseconds' } : { type: 'string', format: 'date-time' };
    default:
      return { type: 'string' };
  }
}

export function entitySchema(def: EntityDef, form: 'modern' | 'ofchat' | 'xml'): Schema {
  const properties: Record<string, Schema> = {};
  for (const [key, f] of Object.entries(def.fields)) {
    if (f.kind === 'scalar') {
      const s = { ...scalarSchema(f.type, form), ...(f.doc ? { description: f.doc } : {}) };
      if (form === 'xml' && f.attr) properties[key] = { ...s, xml: { attribute: true } };
      else properties[form === 'ofchat' && f.attr ? `@${key}` : key] = s;
    } else {
      const item = typeof f.of === 'string' ? scalarSchema(f.of, form) : entitySchema(f.of, form);
      const doc = f.doc ? { description: f.doc } : {};
      if (form === 'modern') {
        properties[f.modernKey ?? (f.wrapper ? key : f.item)] = { type: 'array', items: item, ...doc };
      } else if (form === 'xml') {
        properties[f.wrapper ? key : f.item] = { type: 'array', items: { ...item, xml: { name: f.item } }, xml: { wrapped: f.wrapper }, ...doc };
      } else {
        const packed = { oneOf: [item, { type: 'array', items: item }], description: `${f.doc} (one item: a single value; none: absent)`.trim() };
        properties[f.wrapper ? key : f.item] = f.wrapper ? { type: 'object', properties: { [f.item]: packed } } : packed;
      }
    }
  }
  const schema: Schema = { type: 'object', description: def.doc, properties };
  if (form === 'xml') schema.xml = { name: def.root };
  return schema;
}

/** Components for every entity the routes use, keyed Title, TitleOfchat, TitleXml. */
export function entityComponents(defs: Iterable<EntityDef>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const def of defs) {
    out[def.title] = entitySchema(def, 'modern');
    out[`${def.title}Ofchat`] = entitySchema(def, 'ofchat');
    out[`${def.title}Xml`] = entitySchema(def, 'xml');
  }
  return out;
}

export function entityContent(def: EntityDef): Record<string, unknown> {
  return {
    'application/xml': { schema: { $ref: `#/components/schemas/${def.title}Xml` } },
    'application/json': {
      schema: { oneOf: [{ $ref: `#/components/schemas/${def.title}` }, { $ref: `#/components/schemas/${def.title}Ofchat` }] },
    },
  };
}
