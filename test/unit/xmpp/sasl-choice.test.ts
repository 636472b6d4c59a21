import assert from 'node:assert/strict';
import { choosePasswordMechanism, isLoopbackService } from '../../../gateway/xmpp/index.js';

describe('xmpp SASL mechanism choice', () => {
  const offered = ['SCRAM-SHA-1', 'PLAIN', 'X-OAUTH2'];

  it('when the c2s is on loopback, then PLAIN is used (fast; the password stays on the host)', () => {
    assert.equal(choosePasswordMechanism(offered, 'xmpp://127.0.0.1:5222'), 'PLAIN');
    assert.equal(choosePasswordMechanism(offered, 'xmpp://localhost:5222'), 'PLAIN');
    assert.equal(choosePasswordMechanism(offered, 'xmpp://[::1]:5222'), 'PLAIN');
  });

  it('when the c2s is remote over clear TCP, then SCRAM-SHA-1, and nothing when only PLAIN is offered', () => {
    assert.equal(choosePasswordMechanism(offered, 'xmpp://chat.example.org:5222'), 'SCRAM-SHA-1');
    assert.equal(choosePasswordMechanism(['PLAIN'], 'xmpp://chat.example.org:5222'), undefined);
  });

  it('when the stream is TLS from the start, then PLAIN is fine', () => {
    assert.equal(choosePasswordMechanism(offered, 'xmpps://chat.example.org:5223'), 'PLAIN');
  });

  it('when the service is not a URL, then it is not loopback', () => {
    assert.equal(isLoopbackService('nonsense'), false);
    assert.equal(isLoopbackService('xmpp://127.0.0.1.evil.org:5222'), false);
  });
});
