import assert from 'node:assert/strict';
import { bare, bareOf, escapeLocal, full, isLocal, isValidDomain, isValidLocal, parseJid, parseUserJid, resourceOf, sameBare, splitJid } from '../../../gateway/jid/index.js';

describe('jid', () => {
  it('when a client JID is parsed, then local and domain are lower-cased and the resource kept', () => {
    assert.deepEqual(parseJid('Alice@Example.ORG/Phone'), { local: 'alice', domain: 'example.org', resource: 'Phone' });
    assert.deepEqual(parseJid('gateway.example.org'), { local: '', domain: 'gateway.example.org', resource: '' });
    assert.deepEqual(parseJid('a@h/r/x@y'), { local: 'a', domain: 'h', resource: 'r/x@y' });
  });

  it('when a part breaks RFC 7622, then it is not a JID', () => {
    for (const bad of ['', '@x', 'a@', 'a b@x', 'a<b@x', "a'b@x", 'a"b@x', 'a&b@x', 'a:b@x', 'a@b@x', 'a\u0001b@x', 'a@x..y', 'a@.x', 'a@x/', 'a@x/r\u0007', 'a@ex ample.org']) {
      assert.equal(parseJid(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parseJid(`${'x'.repeat(1024)}@h`), undefined);
    assert.equal(parseJid(`${'é'.repeat(512)}@h`), undefined, 'bytes, not characters');
    assert.ok(parseJid(`${'x'.repeat(1023)}@h`));
  });

  it('when a user is named without a domain, then the default domain is used and a local part is required', () => {
    assert.equal(full(parseUserJid('Bob', 'LocalHost')!), 'bob@localhost');
    assert.equal(full(parseUserJid('Bob@Example.org/res', 'localhost')!), 'bob@example.org/res');
    assert.equal(full(parseUserJid('bob/res', 'localhost')!), 'bob@localhost/res');
    assert.equal(parseUserJid('', 'localhost'), undefined);
    assert.equal(parseUserJid('@x', 'localhost'), undefined);
  });

  it('when a server JID is split, then nothing is checked or folded', () => {
    assert.deepEqual(splitJid('A@H/r/x@y'), { local: 'A', domain: 'H', resource: 'r/x@y' });
    assert.deepEqual(splitJid('example.org'), { local: '', domain: 'example.org', resource: '' });
    assert.equal(bareOf('Lab@Conference.localhost/Nick'), 'lab@conference.localhost');
    assert.equal(resourceOf('lab@conference.localhost/Nick/2'), 'Nick/2');
    assert.equal(resourceOf('lab@conference.localhost'), '');
  });

  it('when JIDs are compared and written, then the bare parts decide, case aside', () => {
    assert.equal(sameBare('Alice@localhost/a', 'alice@LOCALHOST'), true);
    assert.equal(sameBare('alice@localhost', 'bob@localhost'), false);
    assert.equal(isLocal({ domain: 'LocalHost' }, 'localhost'), true);
    assert.equal(isLocal({ domain: 'example.org' }, 'localhost'), false);
    assert.equal(bare({ local: '', domain: 'example.org' }), 'example.org');
    assert.equal(full({ local: 'a', domain: 'h', resource: '' }), 'a@h');
  });

  it('when parts are checked alone, then the same rules apply', () => {
    for (const bad of ['', 'a b', 'a<b', 'a&b', "a'b", 'a"b', 'a/b', 'a:b', 'a\u0001b', 'a\u007fb']) assert.equal(isValidLocal(bad), false, bad);
    assert.equal(isValidLocal('zoë.q-1_x'), true);
    assert.equal(isValidDomain('conference.localhost'), true);
    for (const bad of ['a..b', '.a', 'a.', '.', '..', '']) assert.equal(isValidDomain(bad), false, bad);
    assert.equal(isValidDomain('a.b.c'), true);
  });

  it('when a part is counted, then its UTF-8 bytes decide, at 1023, whatever its length in code units', () => {
    assert.equal(isValidLocal('é'.repeat(511)), true); // 1022 bytes
    assert.equal(isValidLocal('é'.repeat(512)), false); // 1024 bytes, 512 code units
    assert.equal(isValidLocal('€'.repeat(341)), true); // 1023 bytes
    assert.equal(isValidLocal('€'.repeat(342)), false);
    assert.equal(isValidLocal('😀'.repeat(255)), true); // 1020 bytes, 510 code units
    assert.equal(isValidLocal('😀'.repeat(256)), false);
    assert.equal(isValidDomain(`${'x'.repeat(1020)}.org`), false);
    assert.equal(isValidDomain(`${'x'.repeat(1019)}.org`), true);
  });

  it('when a legacy user name is escaped, then XEP-0106 escapes are used and lone backslashes stay', () => {
    assert.equal(escapeLocal('john doe'), 'john\\20doe');
    assert.equal(escapeLocal('a@b/c:d<e>f&g\'h"i'), 'a\\40b\\2fc\\3ad\\3ce\\3ef\\26g\\27h\\22i');
    assert.equal(escapeLocal('back\\slash'), 'back\\slash');
    assert.equal(escapeLocal('not\\20space'), 'not\\5c20space');
  });
});
