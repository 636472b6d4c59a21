/**
 * The shape of a command's answer, written the way ejabberd declares it (`result = {users,
 * {list, {username, string}}}` in its #ejabberd_commands{} records). Each adapter decodes its
 * wire form with it into the same plain value, so the operations never see a transport.
 * References: ejabberd 23.01 mod_http_api:format_command_result/4, ejabberd_xmlrpc:format_result/2.
 */

export type ResultFormat =
  | { readonly kind: 'rescode' }
  | { readonly kind: 'restuple' }
  | { readonly kind: 'string'; readonly name: string }
  | { readonly kind: 'atom'; readonly name: string }
  /** A `string` result that ejabberd built from an arbitrary term (a list of strings, or ""). */
  | { readonly kind: 'term-text'; readonly name: string }
  | { readonly kind: 'integer'; readonly name: string }
  | { readonly kind: 'list'; readonly name: string; readonly element: ResultFormat }
  | { readonly kind: 'tuple'; readonly name: string; readonly fields: readonly ResultFormat[] };

export const rescode = { kind: 'rescode' } as const;
export const restuple = { kind: 'restuple' } as const;
export const str = <const N extends string>(name: N) => ({ kind: 'string', name }) as const;
export const atom = <const N extends string>(name: N) => ({ kind: 'atom', name }) as const;
export const termText = <const N extends string>(name: N) => ({ kind: 'term-text', name }) as const;
export const int = <const N extends string>(name: N) => ({ kind: 'integer', name }) as const;
export const list = <const N extends string, const E extends ResultFormat>(name: N, element: E) =>
  ({ kind: 'list', name, element }) as const;
export const tuple = <const N extends string, const F extends readonly ResultFormat[]>(name: N, fields: F) =>
  ({ kind: 'tuple', name, fields }) as const;

type NameOf<F> = F extends { readonly name: infer N extends string } ? N : never;

/** The plain value an adapter hands back for a format. */
export type Decoded<F> = F extends { readonly kind: 'rescode' }
  ? number
  : F extends { readonly kind: 'restuple' | 'string' | 'atom' | 'term-text' }
    ? string
    : F extends { readonly kind: 'integer' }
      ? number
      : F extends { readonly kind: 'list'; readonly element: infer E }
        ? Decoded<E>[]
        : F extends { readonly kind: 'tuple'; readonly fields: infer Fs extends readonly ResultFormat[] }
          ? { [K in Fs[number] as NameOf<K>]: Decoded<K> }
          : never;

/** Thrown by a decoder when the answer does not have the declared shape. */
export class UnexpectedShape extends Error {
  constructor(where: string) {
    super(`unexpected answer shape at ${where}`);
    this.name = 'UnexpectedShape';
  }
}
