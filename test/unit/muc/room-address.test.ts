import assert from 'node:assert/strict';
import { bareJid, mucServiceJid, roomNode } from '../../../gateway/muc/room-address.js';
import type { GatewayError } from '../../../gateway/errors/index.js';

describe('muc room addresses', () => {
  it('when no servicename is given, then the configured one is used under the domain', () => {
    assert.equal(mucServiceJid(undefined, 'conference', 'example.org'), 'conference.example.org');
    assert.equal(mucServiceJid('', 'conference', 'example.org'), 'conference.example.org');
    assert.equal(mucServiceJid('Rooms', 'conference', 'example.org'), 'rooms.example.org');
  });

  it('when the servicename cannot be a domain label, then it is a 404 MUCServiceNotFoundException', () => {
    for (const bad of ['a/b', 'x@y', '-x', 'a b', '..']) {
      assert.throws(() => mucServiceJid(bad, 'conference', 'example.org'), (e: GatewayError) => e.status === 404 && e.exception === 'MUCServiceNotFoundException', bad);
    }
  });

  it('when a room name is given, then it is lower-cased and checked', () => {
    assert.equal(roomNode(' Lobby '), 'lobby');
    assert.throws(() => roomNode('a/b'), (e: GatewayError) => e.status === 400);
  });

  it('when a JID or a user name is given, then a bare lower-case JID comes out', () => {
    assert.equal(bareJid('Alice', 'example.org'), 'alice@example.org');
    assert.equal(bareJid('alice@Example.org/res', 'example.org'), 'alice@example.org');
    assert.throws(() => bareJid('@example.org', 'example.org'), (e: GatewayError) => e.status === 400);
    assert.throws(() => bareJid('a<b', 'example.org'), (e: GatewayError) => e.status === 400);
  });
});
