/**
 * Visitor tokens and host-site identities: a token issued for a request verifies to that
 * request under the same secret and to nothing otherwise (tampered signature or request id,
 * another secret, malformed text of every kind: undefined, never a throw); `identityHolds`
 * accepts exactly the hex HMAC of the identity under the workgroup's secret.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createVisitorTokens, identityHolds } from '../../../gateway/fastpath/visitor-token.js';

const SECRET = 'shared-secret-of-ofgate';
const tokens = createVisitorTokens(SECRET);

/** The same text with the character at `i` replaced by another base64url character. */
function flipAt(text: string, i: number): string {
  const c = text[i] as string;
  return text.slice(0, i) + (c === 'A' ? 'B' : 'A') + text.slice(i + 1);
}

describe('fastpath visitor tokens', () => {
  for (const requestId of ['abcdef', 'r8f2k1q9zz0p3m', 'a'.repeat(40), '0123456789']) {
    it(`when a token is issued for ${requestId}, then it verifies to that request id`, () => {
      const token = tokens.issue(requestId);
      assert.ok(token.startsWith(`${requestId}.`), token);
      assert.match(token.slice(requestId.length + 1), /^[A-Za-z0-9_-]{43}$/, 'an HMAC-SHA256 in base64url');
      assert.equal(tokens.verify(token), requestId);
      assert.equal(createVisitorTokens(SECRET).verify(token), requestId, 'another instance with the same secret agrees');
    });
  }

  it('when two requests get tokens, then their signatures differ', () => {
    assert.notEqual(tokens.issue('abcdef1').split('.')[1], tokens.issue('abcdef2').split('.')[1]);
  });

  it('when the token is checked under another secret, then it is not valid', () => {
    const token = tokens.issue('abcdef123');
    assert.equal(createVisitorTokens('another-secret').verify(token), undefined);
  });

  it('when the key is the plain HMAC of the request id under the secret (not the derived key), then it is not valid', () => {
    const plain = `abcdef123.${createHmac('sha256', SECRET).update('abcdef123').digest('base64url')}`;
    assert.equal(tokens.verify(plain), undefined);
  });

  it('when a character of the signature is changed, then it is not valid', () => {
    const token = tokens.issue('abcdef123');
    const dot = token.indexOf('.');
    for (const i of [dot + 1, dot + 10, dot + 30, token.length - 2]) assert.equal(tokens.verify(flipAt(token, i)), undefined, `changed at ${i}`);
  });

  it('when the request id is swapped for another with the first one\'s signature, then it is not valid', () => {
    const signature = tokens.issue('abcdef123').split('.')[1] as string;
    for (const other of ['abcdef124', 'bbcdef123', 'abcdef1234', 'abcdef12']) assert.equal(tokens.verify(`${other}.${signature}`), undefined, other);
  });

  it('when the signature is cut short or empty, then it is not valid', () => {
    const token = tokens.issue('abcdef123');
    assert.equal(tokens.verify(token.slice(0, -4)), undefined);
    assert.equal(tokens.verify('abcdef123.'), undefined);
  });

  it('when a valid token has characters added or its last character changed, then it is not valid (one token per request)', () => {
    const token = tokens.issue('abcdef123');
    for (const extra of ['!!', '=', '==', '.', ' ', '%00']) assert.equal(tokens.verify(token + extra), undefined, JSON.stringify(extra));
    assert.equal(tokens.verify(token.replace('.', '.%')), undefined, 'junk inside the signature');
    const last = token.at(-1) as string;
    const spare = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').filter((c) => c !== last);
    for (const c of spare) assert.equal(tokens.verify(token.slice(0, -1) + c), undefined, `last character ${c} for ${last}`);
  });

  const MALFORMED: Array<[string, unknown]> = [
    ['empty', ''],
    ['no dot', 'abcdef123'],
    ['only a dot', '.'],
    ['empty request id', `.${tokens.issue('abcdef123').split('.')[1]}`],
    ['request id too short', `abcde.${tokens.issue('abcde1').split('.')[1]}`],
    ['request id too long', `${'a'.repeat(41)}.${'A'.repeat(43)}`],
    ['upper-case request id', tokens.issue('abcdef123').replace('abcdef123', 'ABCDEF123')],
    ['request id with a dash', 'abc-def123.AAAA'],
    ['request id with a slash', 'abc/def123.AAAA'],
    ['request id with spaces', 'abc def123.AAAA'],
    ['non-ASCII request id', 'abcdéf123.AAAA'],
    ['longer than 200 characters', `abcdef123.${'A'.repeat(200)}`],
    ['a valid token padded past 200 characters', tokens.issue('abcdef123') + ' '.repeat(200)],
    ['two dots', 'abcdef123.AAAA.BBBB'],
    ['not text: undefined', undefined],
    ['not text: null', null],
    ['not text: a number', 123456789],
    ['not text: an object', { toString: () => tokens.issue('abcdef123') }],
    ['not text: an array', [tokens.issue('abcdef123')]],
  ];
  for (const [what, token] of MALFORMED) {
    it(`when the token is malformed (${what}), then it is not valid and nothing throws`, () => {
      assert.equal(tokens.verify(token as string), undefined);
    });
  }
});

describe('fastpath identity hashes', () => {
  const ID_SECRET = 'host-site-key';
  const hashOf = (identity: string, secret = ID_SECRET): string => createHmac('sha256', secret).update(identity, 'utf8').digest('hex');

  const HOLDS: Array<[string, string, string, boolean]> = [
    ['the right hash', 'customer-42', hashOf('customer-42'), true],
    ['the right hash in upper case', 'customer-42', hashOf('customer-42').toUpperCase(), true],
    ['the right hash of a non-ASCII identity', 'jürgen@example.com', hashOf('jürgen@example.com'), true],
    ['the hash of another identity', 'customer-42', hashOf('customer-43'), false],
    ['the hash under another secret', 'customer-42', hashOf('customer-42', 'other-key'), false],
    ['one hex digit changed', 'customer-42', ((h) => (h[0] === '0' ? '1' : '0') + h.slice(1))(hashOf('customer-42')), false],
    ['an empty hash', 'customer-42', '', false],
    ['63 hex digits', 'customer-42', hashOf('customer-42').slice(0, 63), false],
    ['65 hex digits', 'customer-42', `${hashOf('customer-42')}0`, false],
    ['non-hex characters', 'customer-42', 'z'.repeat(64), false],
    ['base64 of the right digest', 'customer-42', createHmac('sha256', ID_SECRET).update('customer-42').digest('base64'), false],
    ['whitespace around the right hash', 'customer-42', ` ${hashOf('customer-42')}`, false],
  ];
  for (const [what, identity, hash, want] of HOLDS) {
    it(`when the identity comes with ${what}, then it ${want ? 'holds' : 'does not hold'}`, () => {
      assert.equal(identityHolds(identity, hash, ID_SECRET), want);
    });
  }
});
