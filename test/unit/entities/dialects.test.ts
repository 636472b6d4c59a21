import assert from 'node:assert/strict';
import {
  chatRoomEntity, entityToJson, entityToXml, parseEntity, propertiesEntity, rosterEntity, userEntity, usersEntity, xmlTreeToPlain,
} from '../../../gateway/entities/index.js';
import { renderXml } from '../../../gateway/xml/index.js';

describe('entity dialects', () => {
  const oneUser = { user: [{ username: 'deleo', name: 'De Leo', properties: [{ key: 'k', value: 'v' }] }] };

  it('when ofchat renders a one-item list, then it is an object and attributes are @keys', () => {
    assert.deepEqual(entityToJson(usersEntity, oneUser, 'ofchat'), {
      user: { username: 'deleo', name: 'De Leo', properties: { property: { '@key': 'k', '@value': 'v' } } },
    });
  });

  it('when modern renders a one-item list, then it stays an array under the plugin key', () => {
    assert.deepEqual(entityToJson(usersEntity, oneUser, 'modern'), {
      users: [{ username: 'deleo', name: 'De Leo', properties: [{ key: 'k', value: 'v' }] }],
    });
  });

  it('when scalars are rendered, then ofchat gives strings and modern native types', () => {
    const room = { roomName: 'r', maxUsers: 30, persistent: true, creationDate: new Date(0), owners: ['a@d'] };
    assert.deepEqual(entityToJson(chatRoomEntity, room, 'ofchat'), {
      roomName: 'r', creationDate: '1970-01-01T00:00:00.000Z', maxUsers: '30', persistent: 'true', owners: { owner: 'a@d' },
    });
    assert.deepEqual(entityToJson(chatRoomEntity, room, 'modern'), {
      roomName: 'r', creationDate: 0, maxUsers: 30, persistent: true, owners: ['a@d'],
    });
  });

  it('when a list is empty, then ofchat omits it and modern keeps []', () => {
    assert.deepEqual(entityToJson(rosterEntity, { rosterItem: [] }, 'ofchat'), {});
    assert.deepEqual(entityToJson(rosterEntity, { rosterItem: [] }, 'modern'), { rosterItem: [] });
  });

  it('when XML is rendered, then wrappers, attributes and escaping follow JAXB', () => {
    const xml = renderXml(entityToXml(propertiesEntity, { property: [{ key: 'a<b', value: '"&\'' }] }));
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><properties><property key="a&lt;b" value="&quot;&amp;&apos;"/></properties>');
  });

  it('when input uses null, false or unknown fields, then they count as absent', () => {
    const u = parseEntity(userEntity, { username: 'x', password: null, email: false, name: null, color: 'blue', properties: null });
    assert.deepEqual(u, { username: 'x' });
  });

  it('when input uses the ofchat, modern or root-wrapped forms, then all read the same', () => {
    const expected = { roomName: 'r', maxUsers: 5, persistent: true, owners: ['a@d', 'b@d'] };
    assert.deepEqual(parseEntity(chatRoomEntity, { roomName: 'r', maxUsers: '5', persistent: 'true', owners: { owner: ['a@d', 'b@d'] } }), expected);
    assert.deepEqual(parseEntity(chatRoomEntity, { roomName: 'r', maxUsers: 5, persistent: true, owners: ['a@d', 'b@d'] }), expected);
    assert.deepEqual(parseEntity(chatRoomEntity, { chatRoom: { roomName: 'r', maxUsers: 5, persistent: true, owners: ['a@d', 'b@d'] } }), expected);
    assert.deepEqual(parseEntity(chatRoomEntity, { roomName: 'r', maxUsers: 5, persistent: true, owners: { owner: null }, admins: { owner: [] } }), { roomName: 'r', maxUsers: 5, persistent: true, admins: [] });
  });

  it('when user properties come as @key/@value or key/value, then both are read', () => {
    assert.deepEqual(parseEntity(userEntity, { properties: { property: [{ '@key': 'a', '@value': '1' }] } }).properties, [{ key: 'a', value: '1' }]);
    assert.deepEqual(parseEntity(userEntity, { properties: [{ key: 'a', value: '1' }] }).properties, [{ key: 'a', value: '1' }]);
  });

  it('when a field has the wrong type, then a 400 names the field', () => {
    assert.throws(() => parseEntity(chatRoomEntity, { maxUsers: 'lots' }), (e: Error & { status?: number }) => e.status === 400 && /chatRoom\.maxUsers: expected an integer/.test(e.message));
  });

  it('when XML input is converted, then it reads like mapped JSON', () => {
    const tree = { chatRoom: { roomName: 'r', owners: { owner: ['a@d', 'b@d'] }, persistent: 'true' } };
    assert.deepEqual(parseEntity(chatRoomEntity, xmlTreeToPlain(tree)), { roomName: 'r', persistent: true, owners: ['a@d', 'b@d'] });
    const attrs = { property: { $: { key: 'k', value: 'v' } } };
    assert.deepEqual(xmlTreeToPlain(attrs), { property: { '@key': 'k', '@value': 'v' } });
  });
});
