/**
 * ejabberd_xmlrpc's answer → the plain value the operations expect. Every result is a struct
 * named after its format (`{users: [{username: "a"}]}`), a tuple is an array of one-member
 * structs, rescode is `{res: 0|1}`, restuple `{res: 0|1, text}`.
 * References: ejabberd 23.01 ejabberd_xmlrpc:format_result/2; notes §6.
 */
import { expectArray, expectNumber, expectObject, expectString } from '../expect-shape.js';
import { UnexpectedShape, type ResultFormat } from '../result-format.js';
import { termTextToPlain } from './erlang-term-text.js';

/** A restuple answered with res ≠ 0: the command refused, `text` says why. */
export class RefusedRestuple extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = 'RefusedRestuple';
  }
}

export function decodeXmlRpcResult(value: unknown, format: ResultFormat): unknown {
  switch (format.kind) {
    case 'rescode':
      return expectNumber(expectObject(value, 'result').res, 'res');
    case 'restuple': {
      const s = expectObject(value, 'result');
      const text = typeof s.text === 'string' ? s.text : '';
      if (expectNumber(s.res, 'res') !== 0) throw new RefusedRestuple(text);
      return text;
    }
    default:
      return decodeNamed(value, format, 'result');
  }
}

function decodeNamed(value: unknown, format: ResultFormat, where: string): unknown {
  const name = 'name' in format ? format.name : '';
  return decodePayload(expectObject(value, where)[name], format, `${where}.${name}`);
}

function decodePayload(value: unknown, format: ResultFormat, where: string): unknown {
  switch (format.kind) {
    case 'string':
    case 'atom':
      return expectString(value, where);
    case 'term-text':
      return termTextToPlain(expectString(value, where));
    case 'integer':
    case 'rescode':
      return expectNumber(value, where);
    case 'restuple':
      return expectString(value, where);
    case 'list':
      return expectArray(value, where).map((item, i) => decodeNamed(item, format.element, `${where}[${i}]`));
    case 'tuple': {
      const members = expectArray(value, where);
      if (members.length !== format.fields.length) throw new UnexpectedShape(where);
      return Object.fromEntries(
        format.fields.map((f, i) => ['name' in f ? f.name : '', decodeNamed(members[i], f, `${where}[${i}]`)]),
      );
    }
  }
}
