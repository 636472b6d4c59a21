import assert from 'node:assert/strict';
import { commandCatalog } from '../../../../gateway/ejabberd/command-catalog.js';
import { decodeXmlRpcResult, RefusedRestuple } from '../../../../gateway/ejabberd/xmlrpc/decode-xmlrpc-result.js';
import { encodeXmlRpcArgs } from '../../../../gateway/ejabberd/xmlrpc/encode-xmlrpc-args.js';
import { UnexpectedShape } from '../../../../gateway/ejabberd/result-format.js';

describe('XML-RPC codec', () => {
  it('when a list of tuples is sent, then each tuple is an array holding one struct under its element name', () => {
    const args = encodeXmlRpcArgs({ name: 'r', ttl: 60, options: { element: 'option', items: [{ name: 'title', value: 'T' }] } });
    assert.deepEqual(args, { name: 'r', ttl: 60, options: [{ option: [{ name: 'title', value: 'T' }] }] });
  });

  it('when results arrive wrapped in named structs, then they unwrap to plain values', () => {
    assert.deepEqual(decodeXmlRpcResult({ users: [{ username: 'a' }, { username: 'b' }] }, commandCatalog.registered_users), ['a', 'b']);
    assert.equal(decodeXmlRpcResult({ res: 1 }, commandCatalog.check_account), 1);
    assert.equal(decodeXmlRpcResult({ stat: 7 }, commandCatalog.stats_host), 7);
    assert.equal(decodeXmlRpcResult({ content: 'Zoë' }, commandCatalog.get_vcard), 'Zoë');
    assert.deepEqual(
      decodeXmlRpcResult({ result: [{ token: 't' }, { scopes: '[<<"sasl_auth">>]' }, { expires_in: '60 seconds' }] }, commandCatalog.oauth_issue_token),
      { token: 't', scopes: '[<<"sasl_auth">>]', expires_in: '60 seconds' },
    );
    assert.deepEqual(decodeXmlRpcResult({ options: [{ option: [{ name: 'title' }, { value: 'T' }] }] }, commandCatalog.get_room_options), [
      { name: 'title', value: 'T' },
    ]);
  });

  it("when srg_get_info's values arrive as ~p text, then they read as mod_http_api's", () => {
    const answer = { informations: [{ information: [{ key: 'label' }, { value: '[]' }] }, { information: [{ key: 'displayed_groups' }, { value: '["a","b"]' }] }] };
    assert.deepEqual(decodeXmlRpcResult(answer, commandCatalog.srg_get_info), [
      { key: 'label', value: '' },
      { key: 'displayed_groups', value: 'a\nb' },
    ]);
  });

  it('when a restuple answers res 1, then it is a refusal carrying the text; res 0 gives the text', () => {
    assert.equal(decodeXmlRpcResult({ res: 0, text: 'ok' }, commandCatalog.status), 'ok');
    assert.throws(() => decodeXmlRpcResult({ res: 1, text: 'nope' }, commandCatalog.unregister), (e: unknown) => e instanceof RefusedRestuple && e.reason === 'nope');
  });

  it('when the answer has another shape, then decoding fails with UnexpectedShape', () => {
    assert.throws(() => decodeXmlRpcResult({ users: 'a' }, commandCatalog.registered_users), UnexpectedShape);
    assert.throws(() => decodeXmlRpcResult('internal_error', commandCatalog.oauth_issue_token), UnexpectedShape);
  });
});
