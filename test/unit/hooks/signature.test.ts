import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signBody, verifyHookRequest } from '../../../hooks/index.js';

const secret = 's3cret';
const body = Buffer.from('{"events":[]}');

describe('hooks signature', () => {
  it('when signing, then it is sha256= and the hex HMAC-SHA256 the shim computes (crypto:mac(hmac, sha256, Secret, Body))', () => {
    assert.equal(signBody(secret, body), 'sha256=' + createHmac('sha256', secret).update(body).digest('hex'));
  });

  it('when secret and signature match, then the request is genuine', () => {
    assert.equal(verifyHookRequest(secret, body, { secret, signature: signBody(secret, body) }), true);
  });

  it('when the shim sends upper-case hex, then it is still accepted', () => {
    assert.equal(verifyHookRequest(secret, body, { secret, signature: signBody(secret, body).toUpperCase() }), true);
  });

  it('when the body was changed, then the signature fails', () => {
    assert.equal(verifyHookRequest(secret, Buffer.from('{"events":[1]}'), { secret, signature: signBody(secret, body) }), false);
  });

  it('when the secret header is wrong or missing, then it fails even with a valid signature', () => {
    assert.equal(verifyHookRequest(secret, body, { secret: 's3creT', signature: signBody(secret, body) }), false);
    assert.equal(verifyHookRequest(secret, body, { signature: signBody(secret, body) }), false);
  });

  it('when the signature is missing or keyed by another secret, then it fails', () => {
    assert.equal(verifyHookRequest(secret, body, { secret }), false);
    assert.equal(verifyHookRequest(secret, body, { secret, signature: signBody('other', body) }), false);
  });

  it('when the configured secret is empty, then nothing is accepted', () => {
    assert.equal(verifyHookRequest('', body, { secret: '', signature: signBody('', body) }), false);
  });
});
