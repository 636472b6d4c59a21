import assert from 'node:assert/strict';
import { refusalOf } from '../../../gateway/xmpp/xmpp-failure.js';

/** ejabberd-side refusals, as the client library reports them, and the setting each names (issue 17). */
describe('xmpp: refusals by ejabberd or its TLS, named with what to change', () => {
  const cases: Array<{ when: string; err: Record<string, unknown>; kind: string; config: RegExp }> = [
    { when: 'the certificate is self-signed', err: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, kind: 'tls-untrusted', config: /xmpp\.tls\.fingerprint/ },
    { when: 'the certificate names another host', err: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Host: localhost. is not cert's CN: ejabberd" }, kind: 'tls-name', config: /xmpp\.tls\.serverName/ },
    { when: 'X-OAUTH2 is not offered', err: { code: 'ERR_OFGATE_NO_X_OAUTH2', message: 'offered: PLAIN, SCRAM-SHA-1' }, kind: 'x-oauth2-not-offered', config: /disable_sasl_mechanisms/ },
    { when: 'mod_fail2ban banned the address', err: { name: 'StreamError', condition: 'policy-violation', text: 'Too many (20) failed authentications from this IP address (127.0.0.1). The address will be unblocked at 12:00:00 UTC' }, kind: 'fail2ban', config: /mod_fail2ban/ },
    { when: 'another policy refused the stream', err: { name: 'StreamError', condition: 'policy-violation', text: 'Too many sessions' }, kind: 'policy-violation', config: /max_user_sessions/ },
    { when: 'the server requires TLS', err: { name: 'SASLError', condition: 'encryption-required' }, kind: 'tls-required', config: /./ },
  ];
  for (const c of cases) {
    it(`when ${c.when}, then the refusal is ${c.kind} and names ${c.config.source}`, () => {
      const r = refusalOf(c.err);
      assert.equal(r?.kind, c.kind);
      assert.match(`${r?.config} ${r?.message}`, c.config);
    });
  }

  it('when a plain network failure happens, then it is no refusal (nothing to configure)', () => {
    assert.equal(refusalOf({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5222' }), undefined);
  });
});
