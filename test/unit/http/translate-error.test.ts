import assert from 'node:assert/strict';
import { toGatewayError } from '../../../gateway/http/index.js';

const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });

describe('translating errors thrown while serving a request', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    ['a store write that could not be made durable', named('StorePersistError'), 'upstream-unavailable', false],
    ['a store update that kept conflicting', named('StoreConflictError'), 'upstream-unavailable', false],
    ['Redis refusing a command', named('ReplyError', 'LOADING'), 'upstream-unavailable', false],
    ['a Redis connection that is down', new Error('Connection is closed.'), 'upstream-unavailable', false],
    ['a Redis command without an answer', new Error('Command timed out'), 'upstream-unavailable', false],
    ['a body too large', Object.assign(new Error('too big'), { type: 'entity.too.large' }), 'payload-too-large', false],
    ['anything else', new TypeError('boom'), 'internal', true],
  ];
  for (const [what, err, kind, unexpected] of cases) {
    it(`when ${what} is thrown, then the answer is ${kind}${unexpected ? ' (logged as unexpected)' : ''}`, () => {
      const r = toGatewayError(err);
      assert.equal(r.error.kind, kind);
      assert.equal(r.unexpected, unexpected);
    });
  }
});
