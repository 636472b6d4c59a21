/**
 * ofchat's 143 operations (ofchat-api.md §5, listed below from its tables) are all in the OpenAPI
 * document and routed; the ones tagged "Not served (501)" are exactly docs/not-served.md's table,
 * and each answers 501 NotImplementedException in the ofchat error shape (JSON and XML) with a
 * message saying what is missing, on both ofchat base paths, after authentication.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';

const OFCHAT_OPERATIONS = `
GET /users
POST /users
GET /users/{username}
PUT /users/{username}
DELETE /users/{username}
GET /users/{username}/groups
POST /users/{username}/groups
DELETE /users/{username}/groups
POST /users/{username}/groups/{groupName}
DELETE /users/{username}/groups/{groupName}
GET /users/{username}/roster
POST /users/{username}/roster
PUT /users/{username}/roster/{rosterJid}
DELETE /users/{username}/roster/{rosterJid}
POST /lockouts/{username}
DELETE /lockouts/{username}
GET /groups
POST /groups
GET /groups/{groupName}
PUT /groups/{groupName}
DELETE /groups/{groupName}
GET /chatrooms
POST /chatrooms
GET /chatrooms/{roomName}
PUT /chatrooms/{roomName}
DELETE /chatrooms/{roomName}
GET /chatrooms/{roomName}/participants
GET /chatrooms/{roomName}/occupants
GET /chatrooms/{roomName}/chathistory
POST /chatrooms/{roomName}/owners/{jid}
DELETE /chatrooms/{roomName}/owners/{jid}
POST /chatrooms/{roomName}/owners/group/{groupname}
DELETE /chatrooms/{roomName}/owners/group/{groupname}
POST /chatrooms/{roomName}/admins/{jid}
DELETE /chatrooms/{roomName}/admins/{jid}
POST /chatrooms/{roomName}/admins/group/{groupname}
DELETE /chatrooms/{roomName}/admins/group/{groupname}
POST /chatrooms/{roomName}/members/{jid}
DELETE /chatrooms/{roomName}/members/{jid}
POST /chatrooms/{roomName}/members/group/{groupname}
DELETE /chatrooms/{roomName}/members/group/{groupname}
POST /chatrooms/{roomName}/outcasts/{jid}
DELETE /chatrooms/{roomName}/outcasts/{jid}
POST /chatrooms/{roomName}/outcasts/group/{groupname}
DELETE /chatrooms/{roomName}/outcasts/group/{groupname}
GET /sessions
GET /sessions/{username}
DELETE /sessions/{username}
POST /sessions
POST /sessions/{username}
POST /messages/users
GET /system/properties
POST /system/properties
GET /system/properties/{propertyKey}
PUT /system/properties/{propertyKey}
DELETE /system/properties/{propertyKey}
GET /system/statistics/sessions
GET /archive/messages/unread/{jid}
GET /userservice
POST /userservice
GET /bookmarks
POST /bookmarks
GET /bookmarks/{bookmarkID}
PUT /bookmarks/{bookmarkID}
DELETE /bookmarks/{bookmarkID}
PUT /bookmarks/{bookmarkID}/property
DELETE /bookmarks/{bookmarkID}/property
GET /sipaccounts
GET /sipaccounts/username/{username}
GET /sipaccounts/extension/{extension}
POST /sipaccounts
DELETE /sipaccounts/{username}
POST /ask/admin
POST /ask/admin/{workgroup}
DELETE /ask/admin/{workgroup}
POST /chat/{username}/login
POST /chat/{streamid}/logoff
POST /chat/{streamid}/xmpp
POST /chat/{streamid}/presence
POST /chat/{streamid}/messages/{to}
POST /chat/{streamid}/chatstate/{state}/{to}
GET /chat/{username}/messages
GET /chat/{username}/pdf
GET /chat/users
POST /chat/{streamid}/users/{propertyName}
DELETE /chat/{streamid}/users/{propertyName}
GET /chat/{streamid}/contacts
POST /chat/{streamid}/contacts
PUT /chat/{streamid}/contacts/{rosterJid}
DELETE /chat/{streamid}/contacts/{rosterJid}
GET /chat/rooms
GET /chat/rooms/{roomName}
GET /chat/rooms/{roomName}/participants
GET /chat/rooms/{roomName}/occupants
GET /chat/rooms/{roomName}/chathistory
PUT /chat/{streamid}/rooms/{roomName}
POST /chat/{streamid}/rooms/{roomName}
DELETE /chat/{streamid}/rooms/{roomName}
POST /chat/{streamid}/rooms/{roomName}/{invitedJid}
GET /chat/certificate
GET /chat/enroll
DELETE /chat/enroll
GET /chat/{streamid}/assists
GET /chat/{streamid}/assists/queues
POST /chat/{streamid}/assists/{workgroup}
DELETE /chat/{streamid}/assists/{workgroup}
POST /chat/{streamid}/offer/{offerId}
DELETE /chat/{streamid}/offer/{offerId}
POST /ask
GET /ask/{userId}
POST /ask/{userId}
PUT /ask/{userId}
DELETE /ask/{userId}
GET /ask/upload/{userId}/{fileName}/{fileSize}
GET /ask/previewlink/{quality}/{url}
GET /ask/uport/{appId}/{clientId}
POST /ask/uport/register
POST /ask/irma/reveal/{jid}
GET /meet/webpush
GET /meet/webpush/{username}
PUT /meet/webpush/{username}/{resource}
POST /meet/webpush/{username}
POST /meet/flash/{bridge}/{destination}
POST /meet/phone/{username}/{destination}
POST /meet/action/{action}/{callId}
POST /meet/add/{username}/{audiobridge}
POST /meet/remove/{username}/{audiobridge}
POST /meet/invite/{username}/{jid}
GET /meet/profile/{criteria}
POST /meet/profile
DELETE /meet/profile/{propertyName}
POST /meet/friend
POST /meet/sms/{source}/{destination}
POST /meet/email
GET /messageblast/recievers/{from}
POST /messageblast/sendblast
GET /messageblast/senders
POST /messageblast/senders
GET /messageblast/sentblasts
GET /messageblast/sentblasts/{from}/{jobId}
DELETE /messageblast/sentblasts/{from}/{jobId}
GET /messageblast/blasts
DELETE /messageblast/blasts/{jobId}
`.trim().split('\n');

const NOT_SERVED_TAG = 'Not served (501)';

function notServedDoc(): string[] {
  const text = readFileSync(new URL('../../docs/not-served.md', import.meta.url), 'utf8');
  const section = text.split('## Answering 501')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| (GET|POST|PUT|DELETE) \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

describe('ofchat operations: every one routed, the unserved ones 501 as docs/not-served.md says', function () {
  let world: Stack;
  let spec: { paths: Record<string, Record<string, { tags?: string[] }>> };

  before(async () => {
    world = await getWorld();
    spec = (await request(world.url).get('/swagger/openapi.json').expect(200)).body;
  });

  it('when the notes\' 143 operations are looked up, then each is in the OpenAPI document', () => {
    assert.equal(OFCHAT_OPERATIONS.length, 143);
    const missing = OFCHAT_OPERATIONS.filter((op) => {
      const [method, path] = op.split(' ') as [string, string];
      return spec.paths[path]?.[method.toLowerCase()] === undefined;
    });
    assert.deepEqual(missing, []);
  });

  it('when the operations tagged as not served are listed, then they equal docs/not-served.md\'s table', () => {
    const tagged: string[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) if (op.tags?.includes(NOT_SERVED_TAG)) tagged.push(`${method.toUpperCase()} ${path}`);
    }
    assert.ok(tagged.length > 0);
    assert.deepEqual(tagged.sort(), notServedDoc());
  });

  it('when each not-served operation is called, then it answers 501 NotImplementedException in the ofchat shape on both ofchat paths', async () => {
    for (const op of notServedDoc()) {
      const [method, path] = op.split(' ') as [string, string];
      const concrete = path.replace(/\{(\w+)\}/g, 'x1');
      for (const base of ['/restapi/v1', '/rest/api/restapi/v1']) {
        const res = await request(world.url)[method.toLowerCase() as 'get'](`${base}${concrete}`).set('Authorization', world.secret).set('Accept', 'application/json');
        assert.equal(res.status, 501, `${method} ${base}${concrete}: ${res.status} ${res.text}`);
        assert.equal(res.body.exception, 'NotImplementedException', op);
        assert.equal(res.body.ressource, path, op);
        assert.match(res.body.message, /ejabberd|ofgate/, op);
      }
    }
  });

  it('when a not-served operation is asked for XML or without credentials, then XML 501 and 401 come back', async () => {
    const xml = await request(world.url).get('/restapi/v1/meet/webpush/x1').set('Authorization', world.secret).set('Accept', 'application/xml').expect(501);
    assert.match(xml.text, /<error>.*<exception>NotImplementedException<\/exception>.*<\/error>/s);
    await request(world.url).post('/restapi/v1/meet/phone/a/b').expect(401);
  });
});
