/**
 * Renders an entity value in one of the three wire forms.
 * - xml:     JAXB XML with the root element.
 * - ofchat:  Jersey 1 mapped JSON: root dropped, one-item lists as a single value, empty lists
 *            absent, every scalar a string, attributes as `@name`.
 * - modern:  REST API plugin (Jackson) JSON: root dropped, lists always arrays under the
 *            wrapper (or @JsonProperty) key, native booleans and numbers, dates as epoch ms,
 *            attributes as plain keys, absent fields omitted.
 */
import { el, type XmlElement } from '../xml/index.js';
import type { EntityDef, FieldDef, ScalarType } from './entity-schema.js';

export type Dialect = 'ofchat' | 'modern';

type Plain = Record<string, unknown>;

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function scalarText(type: ScalarType, v: unknown): string {
  if (type === 'date') return v instanceof Date ? v.toISOString() : String(v);
  return String(v);
}

function scalarModern(type: ScalarType, v: unknown): unknown {
  switch (type) {
    case 'date': {
      const ms = v instanceof Date ? v.getTime() : Date.parse(String(v));
      return Number.isNaN(ms) ? String(v) : ms;
    }
    case 'int':
      return typeof v === 'number' ? v : Number(v);
    case 'bool':
      return typeof v === 'boolean' ? v : v === 'true';
    default:
      return String(v);
  }
}

// ---------------------------------------------------------------- XML

export function entityToXml(def: EntityDef, value: Plain): XmlElement {
  return elementFor(def.root, def, value);
}

function elementFor(name: string, def: EntityDef, value: Plain): XmlElement {
  const attrs: Record<string, string> = {};
  const children: XmlElement[] = [];
  for (const [key, field] of Object.entries(def.fields)) {
    const v = value[key];
    if (!isPresent(v)) continue;
    if (field.kind === 'scalar') {
      if (field.attr) attrs[key] = scalarText(field.type, v);
      else children.push(el(key, {}, scalarText(field.type, v)));
    } else {
      const items = (v as unknown[]).filter(isPresent).map((item) => listItemXml(field, item));
      if (field.wrapper) children.push(el(key, {}, ...items));
      else children.push(...items);
    }
  }
  return el(name, attrs, ...children);
}

function listItemXml(field: Extract<FieldDef, { kind: 'list' }>, item: unknown): XmlElement {
  if (typeof field.of === 'string') return el(field.item, {}, scalarText(field.of, item));
  return elementFor(field.item, field.of, item as Plain);
}

// ---------------------------------------------------------------- JSON

export function entityToJson(def: EntityDef, value: Plain, dialect: Dialect): Plain {
  return dialect === 'ofchat' ? toOfchat(def, value) : toModern(def, value);
}

function toOfchat(def: EntityDef, value: Plain): Plain {
  const out: Plain = {};
  for (const [key, field] of Object.entries(def.fields)) {
    const v = value[key];
    if (!isPresent(v)) continue;
    if (field.kind === 'scalar') {
      out[field.attr ? `@${key}` : key] = scalarText(field.type, v);
    } else {
      const items = (v as unknown[])
        .filter(isPresent)
        .map((item) => (typeof field.of === 'string' ? scalarText(field.of, item) : toOfchat(field.of, item as Plain)));
      if (items.length === 0) continue; // Jersey 1 omits empty lists
      const packed = items.length === 1 ? items[0] : items;
      if (field.wrapper) out[key] = { [field.item]: packed };
      else out[field.item] = packed;
    }
  }
  return out;
}

function toModern(def: EntityDef, value: Plain): Plain {
  const out: Plain = {};
  for (const [key, field] of Object.entries(def.fields)) {
    const v = value[key];
    if (!isPresent(v)) continue;
    if (field.kind === 'scalar') {
      out[key] = scalarModern(field.type, v);
    } else {
      const items = (v as unknown[])
        .filter(isPresent)
        .map((item) => (typeof field.of === 'string' ? scalarModern(field.of, item) : toModern(field.of, item as Plain)));
      out[field.modernKey ?? (field.wrapper ? key : field.item)] = items;
    }
  }
  return out;
}
