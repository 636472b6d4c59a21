import assert from 'node:assert/strict';
import { escapeNode, isValidNode, localPartOf, toBareJid, toContactJid } from '../../../gateway/accounts/account-names.js';

describe('account names', () => {
  it('when a path names a user with or without this host, then the lower-cased local part is returned', () => {
    assert.equal(localPartOf(' Alice ', 'localhost'), 'alice');
    assert.equal(localPartOf('Alice@LocalHost', 'localhost'), 'alice');
    assert.equal(localPartOf('alice@elsewhere.org', 'localhost'), undefined);
    assert.equal(localPartOf('Zoë', 'localhost'), 'zoë');
  });

  it('when a name holds characters a JID local part cannot, then it is not valid', () => {
    for (const bad of ['', 'a b', 'a<b', 'a&b', "a'b", 'a"b', 'a/b', 'a:b', 'a\u0001b']) assert.equal(isValidNode(bad), false, bad);
    assert.equal(isValidNode('x'.repeat(1024)), false);
    assert.equal(isValidNode('zoë.q-1_x'), true);
  });

  it('when members are given as names or JIDs, then they become bare lower-case JIDs', () => {
    assert.equal(toBareJid('Bob', 'localhost'), 'bob@localhost');
    assert.equal(toBareJid('Bob@Example.ORG/phone', 'localhost'), 'bob@example.org');
    assert.equal(toBareJid('', 'localhost'), undefined);
    assert.equal(toBareJid('a b@x', 'localhost'), undefined);
    assert.equal(toBareJid('@x', 'localhost'), undefined);
  });

  it('when a roster contact is given, then a bare JID with or without local part is accepted', () => {
    assert.equal(toContactJid('Carol@LocalHost/res'), 'carol@localhost');
    assert.equal(toContactJid('gateway.example.org'), 'gateway.example.org');
    assert.equal(toContactJid('a b@localhost'), undefined);
    assert.equal(toContactJid('carol@'), undefined);
  });

  it('when a legacy user name is escaped, then XEP-0106 escapes are used and lone backslashes stay', () => {
    assert.equal(escapeNode('john doe'), 'john\\20doe');
    assert.equal(escapeNode('a@b/c:d<e>f&g\'h"i'), 'a\\40b\\2fc\\3ad\\3ce\\3ef\\26g\\27h\\22i');
    assert.equal(escapeNode('back\\slash'), 'back\\slash');
    assert.equal(escapeNode('not\\20space'), 'not\\5c20space');
  });
});
