/**
 * mod_http_api's JSON answer → the plain value the operations expect.
 * References: ejabberd 23.01 mod_http_api:format_command_result/4 and format_result/2: rescode
 * is a bare 0/1, restuple a bare string, lists bare arrays, tuples objects, other top-level
 * results `{name: value}`; a list of {name, value} tuples (or of 2-tuples led by an atom) is
 * sent as one object.
 */
import { expectNumber, expectObject, expectString } from '../expect-shape.js';
import { UnexpectedShape, type ResultFormat } from '../result-format.js';

export function decodeHttpApiResult(body: unknown, format: ResultFormat): unknown {
  switch (format.kind) {
    case 'rescode':
      return expectNumber(body, 'result');
    case 'restuple':
      return expectString(body, 'result');
    case 'list':
    case 'tuple':
      return decodePayload(body, format, format.name);
    default:
      return decodePayload(expectObject(body, 'result')[format.name], format, format.name);
  }
}

function decodePayload(value: unknown, format: ResultFormat, where: string): unknown {
  switch (format.kind) {
    case 'string':
    case 'atom':
    case 'term-text':
      return expectString(value, where);
    case 'integer':
    case 'rescode':
      return expectNumber(value, where);
    case 'restuple':
      return expectString(value, where);
    case 'list':
      if (isSentAsObject(format.element)) return objectToTuples(value, format.element, where);
      if (!Array.isArray(value)) throw new UnexpectedShape(where);
      return value.map((item, i) => decodePayload(item, format.element, `${where}[${i}]`));
    case 'tuple': {
      const obj = expectObject(value, where);
      return Object.fromEntries(format.fields.map((f) => [nameOf(f), decodePayload(obj[nameOf(f)], f, `${where}.${nameOf(f)}`)]));
    }
  }
}

function isSentAsObject(element: ResultFormat): element is Extract<ResultFormat, { kind: 'tuple' }> {
  if (element.kind !== 'tuple' || element.fields.length !== 2) return false;
  const [first, second] = element.fields;
  return first?.kind === 'atom' || (first?.kind === 'string' && first.name === 'name' && second !== undefined && nameOf(second) === 'value');
}

function objectToTuples(value: unknown, element: Extract<ResultFormat, { kind: 'tuple' }>, where: string): unknown[] {
  const [keyField, valueField] = element.fields;
  if (!keyField || !valueField) throw new UnexpectedShape(where);
  return Object.entries(expectObject(value, where)).map(([k, v]) => ({
    [nameOf(keyField)]: k,
    [nameOf(valueField)]: decodePayload(v, valueField, `${where}.${k}`),
  }));
}

function nameOf(f: ResultFormat): string {
  return 'name' in f ? f.name : '';
}
