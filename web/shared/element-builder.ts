/**
 * `h(tag, attributes, ...children)`: builds DOM elements without innerHTML, so text from the
 * server or the visitor is never parsed as markup. Attributes: strings set as attributes,
 * `on*` functions as listeners, `false`/`undefined` left out, `true` as an empty attribute.
 */

export type Attr = string | number | boolean | undefined | ((e: Event) => void);
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
