/**
 * Entity definitions in the shape of Openfire's JAXB entities. One definition drives the XML
 * body, ofchat's Jersey-1 "mapped" JSON, the REST API plugin's modern JSON, input parsing in
 * all of those forms, and the OpenAPI schema.
 * References: ../shared/notes/ofchat-api.md §3.1, §3.2, §4.
 */

export type ScalarType = 'string' | 'int' | 'bool' | 'date';

export interface ScalarField<T extends ScalarType = ScalarType> {
  readonly kind: 'scalar';
  readonly type: T;
  /** Rendered as an XML attribute (`@key` in ofchat JSON, `key` in modern JSON). */
  readonly attr: boolean;
  readonly doc: string;
}

export interface ListField<O extends ScalarType | EntityDef = ScalarType | EntityDef> {
  readonly kind: 'list';
  /** XML element name of each item. */
  readonly item: string;
  /** true: items sit inside an element named after the field (`<owners><owner/></owners>`). */
  readonly wrapper: boolean;
  readonly of: O;
  /** JSON key in the modern dialect when it differs (the plugin's @JsonProperty). */
  readonly modernKey: string | undefined;
  readonly doc: string;
}

export type FieldDef = ScalarField | ListField;
export type Fields = Readonly<Record<string, FieldDef>>;

export interface EntityDef<F extends Fields = Fields> {
  /** XML root element name. */
  readonly root: string;
  /** OpenAPI component name. */
  readonly title: string;
  readonly doc: string;
  readonly fields: F;
}

type ScalarTs<T> = T extends 'string' ? string : T extends 'int' ? number : T extends 'bool' ? boolean : T extends 'date' ? Date | string : never;

type ItemTs<O> = O extends EntityDef<infer G> ? EntityValue<G> : ScalarTs<O>;

type FieldTs<F> = F extends ScalarField<infer T>
  ? ScalarTs<T>
  : F extends ListField<infer O>
    ? Array<ItemTs<O>>
    : never;

/** The plain object an entity holds; every field may be absent. */
export type EntityValue<F extends Fields> = { [K in keyof F]?: FieldTs<F[K]> | undefined };

export type ValueOfEntity<E> = E extends EntityDef<infer F> ? EntityValue<F> : never;

export function entity<F extends Fields>(root: string, title: string, doc: string, fields: F): EntityDef<F> {
  return { root, title, doc, fields };
}

export function scalar<T extends ScalarType>(type: T, doc = '', opts: { attr?: boolean } = {}): ScalarField<T> {
  return { kind: 'scalar', type, attr: opts.attr ?? false, doc };
}

export function list<O extends ScalarType | EntityDef>(
  item: string,
  of: O,
  opts: { wrapper?: boolean; modernKey?: string; doc?: string } = {},
): ListField<O> {
  return { kind: 'list', item, of, wrapper: opts.wrapper ?? true, modernKey: opts.modernKey, doc: opts.doc ?? '' };
}
