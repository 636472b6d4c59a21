import assert from 'node:assert/strict';
import { localPartOf, toBareJid, toContactJid } from '../../../gateway/accounts/account-names.js';

describe('account names', () => {
  it('when a path names a user with or without this host, then the lower-cased local part is returned', () => {
    assert.equal(localPartOf(' Alice ', 'localhost'), 'alice');
    assert.equal(localPartOf('Alice@LocalHost', 'localhost'), 'alice');
    assert.equal(localPartOf('alice@elsewhere.org', 'localhost'), undefined);
    assert.equal(localPartOf('Zoë', 'localhost'), 'zoë');
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
});
