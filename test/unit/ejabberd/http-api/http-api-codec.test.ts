import assert from 'node:assert/strict';
import { commandCatalog } from '../../../../gateway/ejabberd/command-catalog.js';
import { decodeHttpApiResult } from '../../../../gateway/ejabberd/http-api/decode-http-api-result.js';
import { readHttpApiFailure } from '../../../../gateway/ejabberd/http-api/http-api-failure.js';
import { UnexpectedShape } from '../../../../gateway/ejabberd/result-format.js';

describe('mod_http_api codec', () => {
  it('when results arrive as bare values, arrays and objects, then they decode to the same plain values as over XML-RPC', () => {
    assert.deepEqual(decodeHttpApiResult(['a', 'b'], commandCatalog.registered_users), ['a', 'b']);
    assert.equal(decodeHttpApiResult(1, commandCatalog.check_account), 1);
    assert.equal(decodeHttpApiResult({ stat: 7 }, commandCatalog.stats_host), 7);
    assert.equal(decodeHttpApiResult('User a@x successfully registered', commandCatalog.register), 'User a@x successfully registered');
    assert.deepEqual(decodeHttpApiResult({ token: 't', scopes: 'sasl_auth', expires_in: '60 seconds' }, commandCatalog.oauth_issue_token), {
      token: 't',
      scopes: 'sasl_auth',
      expires_in: '60 seconds',
    });
    assert.deepEqual(decodeHttpApiResult([{ key: 'label', value: 'L' }], commandCatalog.srg_get_info), [{ key: 'label', value: 'L' }]);
  });

  it('when a list of {name, value} tuples arrives as one object, then it becomes the tuples', () => {
    assert.deepEqual(decodeHttpApiResult({ title: 'T', persistent: 'true' }, commandCatalog.get_room_options), [
      { name: 'title', value: 'T' },
      { name: 'persistent', value: 'true' },
    ]);
    assert.deepEqual(decodeHttpApiResult({}, commandCatalog.get_room_options), []);
  });

  it('when the answer has another shape, then decoding fails with UnexpectedShape', () => {
    assert.throws(() => decodeHttpApiResult({ users: [] }, commandCatalog.registered_users), UnexpectedShape);
    assert.throws(() => decodeHttpApiResult('internal_error', commandCatalog.oauth_issue_token), UnexpectedShape);
  });

  it('when the command is unknown (404 code 40, or 400 unknown_command once the atom exists), then the hint is unknown-command', () => {
    assert.equal(readHttpApiFailure(404, { status: 'error', code: 40, message: 'Endpoint not found.' }).hint, 'unknown-command');
    assert.equal(readHttpApiFailure(400, 'unknown_command').hint, 'unknown-command');
  });

  it('when a command fails, then its message is the reason and the status gives the hint', () => {
    assert.deepEqual(readHttpApiFailure(409, { status: 'error', code: 10090, message: 'User a@x already registered' }), { reason: 'User a@x already registered', hint: 'conflict' });
    assert.deepEqual(readHttpApiFailure(404, 'unknown_user'), { reason: 'unknown_user', hint: 'not-found' });
    assert.deepEqual(readHttpApiFailure(400, 'Room already exists'), { reason: 'Room already exists', hint: 'rejected' });
    assert.equal(readHttpApiFailure(401, { status: 'error', code: 10, message: 'You are not authorized to call this command.' }).hint, 'credentials');
    assert.equal(readHttpApiFailure(403, { status: 'error', code: 32, message: 'AccessRules: …' }).hint, 'credentials');
    assert.deepEqual(readHttpApiFailure(500, 'internal_error'), { reason: 'internal_error', hint: 'internal' });
  });
});
