/**
 * Reads an entity from a request body in any of the forms existing clients send:
 * ofchat mapped JSON, modern JSON, the body wrapped in its root element name, or XML
 * (already turned into a plain tree by xmlTreeToPlain). Liberal by design:
 * - JSON null, and false for a non-boolean field, mean "not given";
 * - unknown fields are ignored;
 * - scalars may come as strings or native values; lists as arrays, single values, or
 *   wrapped in their item element ({"owners":{"owner":["a@d"]}}).
 * A value that cannot be read as its type is a 400 naming the field.
 */
import { badRequest } from '../errors/index.js';
import type { EntityDef, ListField, ScalarType } from './entity-schema.js';

type Plain = Record<string, unknown>;

export function parseEntity(def: EntityDef, body: unknown, path = def.root): Plain {
  let obj = body;
  if (isObject(obj)) {
    const keys = Object.keys(obj);
    // {"user": {...}}: the body wrapped in its root element (XML always is).
    if (keys.length === 1 && keys[0] === def.root && isObject(obj[def.root]) && !(def.root in def.fields)) {
      obj = obj[def.root];
    }
  }
  if (obj === undefined || obj === null || obj === '') return {};
  if (!isObject(obj)) throw badRequest(`${path}: expected an object`, { resource: path });
  const out: Plain = {};
  for (const [key, field] of Object.entries(def.fields)) {
    const here = `${path}.${key}`;
    if (field.kind === 'scalar') {
      const raw = field.attr ? (obj[`@${key}`] ?? obj[key]) : obj[key];
      const v = parseScalar(field.type, raw, here);
      if (v !== undefined) out[key] = v;
    } else {
      const v = parseList(field, key, obj, here);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

function parseList(field: ListField, key: string, obj: Plain, path: string): unknown[] | undefined {
  let raw: unknown;
  if (field.wrapper) {
    raw = obj[key] ?? (field.modernKey ? obj[field.modernKey] : undefined);
    // {"owners": {"owner": [...]}} or {"owners": {"owner": "a"}}
    if (isObject(raw) && field.item in raw) raw = raw[field.item];
    else if (isObject(raw) && typeof field.of === 'string') {
      // a wrapper with another item name ({"admins":{"admin":…}} sent as {"admins":{"owner":…}}): take its single value
      const values = Object.values(raw);
      raw = values.length === 1 ? values[0] : [];
    }
  } else {
    raw = obj[field.item] ?? (field.modernKey ? obj[field.modernKey] : undefined) ?? obj[key];
  }
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (raw === '') return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: unknown[] = [];
  items.forEach((item, i) => {
    if (item === null || item === undefined) return;
    const here = `${path}[${i}]`;
    if (typeof field.of === 'string') {
      const v = parseScalar(field.of, item, here);
      if (v !== undefined) out.push(v);
    } else {
      out.push(parseEntity(field.of, item, here));
    }
  });
  return out;
}

export function parseScalar(type: ScalarType, raw: unknown, path: string): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (isObject(raw) && '_' in raw) raw = raw._; // XML text with attributes
  switch (type) {
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string') {
        const t = raw.trim().toLowerCase();
        if (t === 'true' || t === '1') return true;
        if (t === 'false' || t === '0') return false;
        if (t === '') return undefined;
      }
      if (typeof raw === 'number') return raw !== 0;
      throw badRequest(`${path}: expected true or false`, { resource: path });
    case 'int': {
      if (raw === false || raw === '') return undefined;
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n)) throw badRequest(`${path}: expected an integer`, { resource: path });
      return n;
    }
    case 'date':
      if (raw === false || raw === '') return undefined;
      if (typeof raw === 'number') return new Date(raw).toISOString();
      if (typeof raw === 'string') return raw;
      throw badRequest(`${path}: expected a date`, { resource: path });
    default:
      if (raw === false) return undefined; // "false" for a string field means not given
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw badRequest(`${path}: expected a string`, { resource: path });
  }
}

/**
 * Converts express-xml-bodyparser's xml2js tree (explicitArray: false) into the mapped-JSON
 * form parseEntity reads: attributes become `@name`, text-only nodes become strings.
 */
export function xmlTreeToPlain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(xmlTreeToPlain);
  if (!isObject(node)) return node;
  const out: Plain = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$' && isObject(v)) {
      for (const [ak, av] of Object.entries(v)) out[`@${ak}`] = av;
    } else {
      out[k] = xmlTreeToPlain(v);
    }
  }
  const keys = Object.keys(out);
  if (keys.length === 1 && keys[0] === '_') return out._;
  return out;
}

function isObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
