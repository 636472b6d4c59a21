import assert from 'node:assert/strict';
import { readReasonTerm, readXmlRpcFault } from '../../../../gateway/ejabberd/xmlrpc/xmlrpc-fault.js';

const problem = (term: string, args = '[{user,<<"alice">>},{password,<<"hunter2">>}]') =>
  `Error -118\nA problem '${term}' occurred executing the command register with arguments\n${args}`;

describe('XML-RPC faults', () => {
  it('when a command throws, then only its reason term is kept (never the echoed arguments)', () => {
    const f = readXmlRpcFault(-118, problem('{error,"User alice@localhost already registered"}'));
    assert.deepEqual(f, { reason: 'User alice@localhost already registered', hint: 'rejected' });
    assert.doesNotMatch(JSON.stringify(f), /hunter2/);
  });

  it("when the reason itself holds a quote (Room doesn't exists), then it is read whole", () => {
    assert.deepEqual(readXmlRpcFault(-118, problem(`{error,"Room doesn't exists"}`)), { reason: "Room doesn't exists", hint: 'rejected' });
  });

  it('when the reason is tagged not_found, an atom, a binary or a bare atom, then it is unwrapped', () => {
    assert.deepEqual(readReasonTerm('{not_found,"unknown_user"}'), { reason: 'unknown_user', hint: 'not-found' });
    assert.deepEqual(readReasonTerm('{error,room_not_found}'), { reason: 'room_not_found', hint: 'rejected' });
    assert.deepEqual(readReasonTerm('{error,<<"no element found">>}'), { reason: 'no element found', hint: 'rejected' });
    assert.deepEqual(readReasonTerm('error_no_vcard_found'), { reason: 'error_no_vcard_found', hint: 'rejected' });
    assert.deepEqual(readReasonTerm('{error,access_rules_unauthorized}'), { reason: 'access_rules_unauthorized', hint: 'credentials' });
  });

  it('when authentication data is refused, then the hint is credentials', () => {
    assert.equal(readXmlRpcFault(-118, 'Error -118\nInvalid authentication data').hint, 'credentials');
  });

  it('when arguments are missing or of the wrong type, then the reason names no argument value', () => {
    assert.deepEqual(readXmlRpcFault(-116, "Error -116\nRequired attribute 'password' not found:\n[{user,<<\"a\">>}]"), {
      reason: "Required attribute 'password' not found",
      hint: 'rejected',
    });
    const coerced = readXmlRpcFault(-122, "Error -122\nParameter '<<\"hunter2\">>' can't be coerced to type 'integer'");
    assert.doesNotMatch(coerced.reason, /hunter2/);
  });
});
