import assert from 'node:assert/strict';
import { sessionView } from '../../../gateway/sessions/index.js';
import type { SessionInfo } from '../../../gateway/ejabberd/index.js';

const info: SessionInfo = {
  jid: 'alice@example.org/phone', user: 'alice', resource: 'phone', connection: 'c2s', ip: '10.0.0.7', port: 41000,
  priority: 5, status: 'dnd', statusText: 'busy <now>', uptime: 90,
};

describe('sessions sessionView', () => {
  it('when the dialect is ofchat, then the resource is spelled ressource and the rest is Openfire\'s wording', () => {
    assert.deepEqual(sessionView(info, 'ofchat', new Date('2026-01-01T00:01:30Z')), {
      sessionId: 'alice@example.org/phone', username: 'alice', ressource: 'phone', node: 'Local', sessionStatus: 'Authenticated',
      presenceStatus: 'Do Not Disturb', presenceMessage: 'busy <now>', priority: 5, hostAddress: '10.0.0.7', hostName: '10.0.0.7',
      creationDate: '2026-01-01T00:00:00.000Z', lastActionDate: '2026-01-01T00:00:00.000Z', secure: false,
    });
  });

  it('when the dialect is modern, then the field is resource', () => {
    const v = sessionView(info, 'modern', new Date());
    assert.equal(v.resource, 'phone');
    assert.equal(v.ressource, undefined);
  });

  it('when show values are mapped, then each gets Openfire\'s text and TLS connections are secure', () => {
    const texts = ['available', 'away', 'chat', 'dnd', 'xa', 'weird'].map((status) => sessionView({ ...info, status }, 'modern', new Date()).presenceStatus);
    assert.deepEqual(texts, ['Online', 'Away', 'Available to Chat', 'Do Not Disturb', 'Extended Away', 'Unknown/Not Recognized']);
    assert.equal(sessionView({ ...info, connection: 'c2s_tls' }, 'modern', new Date()).secure, true);
  });
});
