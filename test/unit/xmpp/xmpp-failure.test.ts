import assert from 'node:assert/strict';
import { fromStanzaError, fromXmppError } from '../../../gateway/xmpp/index.js';

describe('xmpp failure mapping (the one place stanza conditions become GatewayErrors)', () => {
  it('when a stanza error condition is mapped, then its class decides status and exception', () => {
    const cases: Array<[string, number, string]> = [
      ['item-not-found', 404, 'NotFoundException'],
      ['forbidden', 403, 'NotAllowedException'],
      ['not-authorized', 403, 'NotAllowedException'],
      ['registration-required', 403, 'NotAllowedException'],
      ['conflict', 400, 'IllegalArgumentException'],
      ['jid-malformed', 400, 'IllegalArgumentException'],
      ['feature-not-implemented', 501, 'NotImplementedException'],
      ['service-unavailable', 503, 'ServiceUnavailableException'],
      ['undefined-condition', 503, 'ServiceUnavailableException'],
    ];
    for (const [condition, status, exception] of cases) {
      const e = fromStanzaError({ condition, text: '' }, 'join room r@c', 'r@c');
      assert.deepEqual([e.status, e.exception, e.resource, e.message], [status, exception, 'r@c', `join room r@c: ${condition}`], condition);
    }
    assert.equal(fromStanzaError({ condition: 'forbidden', text: 'members only' }, 'x').message, 'x: forbidden (members only)');
  });

  it('when an @xmpp StanzaError is thrown by a request, then it maps the same way', () => {
    const e = fromXmppError({ name: 'StanzaError', condition: 'item-not-found', text: 'gone' }, 'read', 'alice');
    assert.deepEqual([e.status, e.message, e.resource], [404, 'read: item-not-found (gone)', 'alice']);
  });
});
