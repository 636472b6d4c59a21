/**
 * The one place HTTP XML bodies are written. Every text and attribute value is escaped here,
 * and characters XML 1.0 forbids are dropped, so no request value can break the document.
 */

import { XML_FORBIDDEN as FORBIDDEN } from './xml-chars.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const entity = (c: string): string => ENTITIES[c] as string;

export function escapeText(s: string): string {
  return s.replace(FORBIDDEN, '').replace(/[&<>]/g, entity);
}

export function escapeAttr(s: string): string {
  return s.replace(FORBIDDEN, '').replace(/[&<>"']/g, entity);
}

export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: ReadonlyArray<XmlElement | string>;
}

export function el(name: string, attrs?: Record<string, string>, ...children: Array<XmlElement | string>): XmlElement {
  return { name, attrs: attrs ?? {}, children };
}

const NAME = /^[A-Za-z_][\w.-]*$/;

export function renderXml(root: XmlElement, declaration = true): string {
  const out: string[] = declaration ? ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'] : [];
  write(root, out);
  return out.join('');
}

function write(node: XmlElement, out: string[]): void {
  if (!NAME.test(node.name)) throw new Error(`invalid XML element name: ${JSON.stringify(node.name)}`);
  out.push('<', node.name);
  for (const [k, v] of Object.entries(node.attrs ?? {})) {
    if (!NAME.test(k)) throw new Error(`invalid XML attribute name: ${JSON.stringify(k)}`);
    out.push(' ', k, '="', escapeAttr(v), '"');
  }
  const children = node.children ?? [];
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of children) {
    if (typeof child === 'string') out.push(escapeText(child));
    else write(child, out);
  }
  out.push('</', node.name, '>');
}
