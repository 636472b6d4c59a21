/**
 * The node API's bodies read (pure): PHP's JSON with `\/` escapes and multi-line status, the
 * defaults of nick and status, `display` ignored for `display_array`, and everything the
 * original passed to a shell refused as invalid arguments.
 */
import assert from 'node:assert/strict';
import { readLhcBody } from '../../../gateway/lhc/node-api-input.js';

const HOSTS = ['example.org'];
const parse = (route: Parameters<Extract<ReturnType<typeof readLhcBody>, { kind: 'read' }>['parse']>[0], body: Record<string, unknown>) => {
  const r = readLhcBody(JSON.stringify(body).replace(/\//g, '\\/'), HOSTS);
  assert.equal(r.kind, 'read');
  return r.kind === 'read' ? r.parse(route) : undefined;
};

describe('LHC node API input', () => {
  it('when the body is not a JSON object, then malformed', () => {
    for (const t of ['', 'x', '[]', 'null', '"s"', '{"a":']) assert.equal(readLhcBody(t, HOSTS).kind, 'malformed', t);
  });

  it('when /xmpp comes with a multi-line status and escaped slashes, then it is read as sent', () => {
    const req = parse('xmpp', { jid: 'visitor.12.demo-lhc@example.org', pass: 'abc', host: 'example.org', status: 'a\n| https://x.org/p', nick: 'Ann #12' });
    assert.deepEqual(req, { route: 'xmpp', user: 'visitor.12.demo-lhc', host: 'example.org', pass: 'abc', look: { nick: 'Ann #12', status: 'a\n| https://x.org/p' } });
  });

  it('when nick and status are absent, then the original\'s defaults', () => {
    const req = parse('xmpp', { jid: 'visitor.1@example.org', pass: 'abc', host: 'example.org' });
    assert.deepEqual(req && 'look' in req ? req.look : undefined, { nick: 'Online visitor', status: '-' });
  });

  it('when a group is set up, then display is ignored and display_array used', () => {
    const req = parse('xmpp-setup-instance-roasters', { group: 'operators.demo', host: 'example.org', name: 'Operators', desc: 'Operators', display: '"; rm -rf /', display_array: ['operators.demo', 'visitors.demo'] });
    assert.deepEqual(req, { route: 'xmpp-setup-instance-roasters', group: 'operators.demo', host: 'example.org', name: 'Operators', desc: 'Operators', display: ['operators.demo', 'visitors.demo'] });
  });

  it('when names, hosts or types are hostile, then invalid', () => {
    for (const user of ["a'b", 'a;b', 'a$(b)', 'a`b`', 'a\nb', 'a/b', 'a@b', 'é', '..', '', 5, null, ['a']]) {
      assert.equal(parse('xmpp-register', { user, host: 'example.org', password: 'p' }), undefined, JSON.stringify(user));
    }
    assert.equal(parse('xmpp-register', { user: 'a', host: 'other.org', password: 'p' }), undefined);
    assert.equal(parse('xmpp', { jid: 'visitor.1@other.org', pass: 'p', host: 'example.org' }), undefined);
    assert.equal(parse('xmpp-register', { user: 'a', host: 'example.org', password: 'p\nq' }), undefined);
    assert.equal(parse('xmpp', { jid: 'visitor.1@example.org', pass: 'p', host: 'example.org', status: 'bell\u0007' }), undefined);
  });

  it('when the secret_key is present, then it is handed back as read; absent or not a string: undefined', () => {
    const r = readLhcBody('{"secret_key":"s3"}', HOSTS);
    assert.equal(r.kind === 'read' ? r.secretKey : null, 's3');
    const n = readLhcBody('{"secret_key":3}', HOSTS);
    assert.equal(n.kind === 'read' ? n.secretKey : null, undefined);
  });
});
