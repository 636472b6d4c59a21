/**
 * The callbacks' shapes, URLs, signature and back-off (pure): byte-compatible bodies, automated
 * hosting's URL with every `-` turned into `.`, the visitor pattern that is not the original's
 * "any character", a signature that verifies only with its secret, timestamp and body.
 */
import assert from 'node:assert/strict';
import { backoffMs, callbackUrl, instanceOf, isVisitorName, messageBody, operatorsGroupOf, pingBody, signCallback, statusBody, verifyCallback } from '../../../gateway/lhc/index.js';

const standalone = { automatedHosting: false, ahProtocol: 'https://', ahBaseDomain: null, messageUrl: 'http://lhc/xmppservice/processmessage', statusUrl: 'http://lhc/xmppservice/operatorstatus', pingUrl: 'http://lhc/ping' };
const hosted = { ...standalone, automatedHosting: true, ahBaseDomain: 'livehelperchat.com' };

describe('LHC callback shapes', () => {
  it('when an operator message is encoded, then the fields come in the original order, spaces as %20', () => {
    assert.equal(messageBody({ body: 'Hello there', sender: 'remdex2', receiver: 'visitor.6034.chat', server: 'xmpp.livehelperchat.com', type: 'chat' }),
      'body=Hello%20there&sender=remdex2&receiver=visitor.6034.chat&server=xmpp.livehelperchat.com&type=chat');
    assert.equal(new URLSearchParams(messageBody({ body: 'a&b=c\n"d"', sender: 's', receiver: 'r', server: 'h', type: 'chat' })).get('body'), 'a&b=c\n"d"');
  });

  it('when status and ping are encoded, then they are JSON with resources escaped', () => {
    assert.equal(statusBody('connect', 'remdex2', 'xmpp.livehelperchat.com'), '{"action":"connect","user":"remdex2","server":"xmpp.livehelperchat.com"}');
    assert.deepEqual(JSON.parse(pingBody('op@h/res"\\x')), { action: 'ping', user: 'op@h/res"\\x' });
  });

  it('when automated hosting derives a URL, then every - of the instance becomes a dot', () => {
    assert.equal(instanceOf('remdex.demo-lhc-com'), 'demo.lhc.com');
    assert.equal(callbackUrl(hosted, 'message', 'remdex.demo-lhc-com'), 'https://demo.lhc.com.livehelperchat.com/xmppservice/processmessage');
    assert.equal(callbackUrl(hosted, 'status', 'remdex.demo-lhc-com'), 'https://demo.lhc.com.livehelperchat.com/xmppservice/operatorstatus');
    assert.equal(callbackUrl(hosted, 'ping', 'remdex.demo-lhc-com'), 'https://demo.lhc.com.livehelperchat.com/xmppservice/operatorstatus');
    assert.equal(operatorsGroupOf({ automatedHosting: true, operatorsGroup: 'operators' }, 'remdex.demo-lhc-com'), 'operators.demo-lhc-com');
  });

  it('when standalone, then the configured URLs; a kind without one yields none', () => {
    assert.equal(callbackUrl(standalone, 'message', 'x'), standalone.messageUrl);
    assert.equal(callbackUrl({ ...standalone, statusUrl: null }, 'status', 'x'), null);
    assert.equal(operatorsGroupOf({ automatedHosting: false, operatorsGroup: 'operators' }, 'remdex.demo'), 'operators');
  });

  it('when a name is tested, then only visitor.<digit>… is a visitor', () => {
    for (const v of ['visitor.1', 'visitor.6034.chat', 'visitor.12.demo-lhc-com']) assert.ok(isVisitorName(v), v);
    for (const n of ['visitorX1', 'visitor.x', 'visitors.1', 'remdex2', 'avisitor.1']) assert.ok(!isVisitorName(n), n);
  });

  it('when a callback is signed, then it verifies only with the same secret, timestamp and body', () => {
    const sig = signCallback('k', '1700000000', 'body=x');
    assert.match(sig, /^[0-9a-f]{64}$/);
    assert.ok(verifyCallback('k', '1700000000', 'body=x', sig));
    assert.ok(!verifyCallback('k2', '1700000000', 'body=x', sig));
    assert.ok(!verifyCallback('k', '1700000001', 'body=x', sig));
    assert.ok(!verifyCallback('k', '1700000000', 'body=y', sig));
    assert.ok(!verifyCallback('k', '1700000000', 'body=x', 'nothex'));
  });

  it('when tries fail, then the back-off doubles up to the cap, half of it jittered', () => {
    assert.equal(backoffMs(1, 100, 10_000, () => 0), 50);
    assert.equal(backoffMs(1, 100, 10_000, () => 1), 100);
    assert.equal(backoffMs(4, 100, 10_000, () => 1), 800);
    assert.equal(backoffMs(40, 100, 10_000, () => 1), 10_000);
    assert.equal(backoffMs(40, 100, 10_000, () => 0), 5_000);
  });
});
