/**
 * REST API plugin conformance, users/{username}/vcard (plugin UserVCardService): GET answers the
 * raw vCard XML (application/xml whatever Accept says; 204 when there is none), PUT takes vCard
 * XML (200), DELETE removes it (200), an unknown user is 404 UserNotFoundException — on the
 * modern dialect (/plugins/restapi/v1) and the ofchat one (/restapi/v1), against the shared
 * world's real ejabberd. What was written is checked where XMPP clients read it: another user's
 * plain XMPP client asking ejabberd for the vCard (XEP-0054), and ejabberd's own get_vcard.
 * Hostile bodies (a second stanza smuggled after the vCard, a DOCTYPE with an entity, deep
 * nesting, another namespace, too large) are refused with nothing sent.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/restapi/v1';
const BOTH = [MODERN, OFCHAT] as const;

const VCARD = '<vCard xmlns="vcard-temp"><FN>Zoë "Q" &lt;&amp;&gt; Doe</FN><N><FAMILY>Doe</FAMILY><GIVEN>Zoë</GIVEN></N>' +
  '<NICKNAME>zq</NICKNAME><EMAIL><INTERNET/><PREF/><USERID>zq@example.org</USERID></EMAIL></vCard>';

describe('conformance with the REST API plugin: users/{username}/vcard', function () {
  let world: Stack;
  let reader: TestXmpp;
  const http = () => request(world.url);
  const admin = (req: request.Test) => req.set('Authorization', world.secret);
  const json = (req: request.Test) => admin(req).set('Accept', 'application/json');
  const putXml = (base: string, user: string, body: string) =>
    admin(http().put(`${base}/users/${user}/vcard`)).set('Content-Type', 'application/xml').set('Accept', 'application/json').send(body);
  const newUser = async () => {
    const u = unique('vc');
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    return u;
  };
  /** What any XMPP client gets when it asks ejabberd for `user`'s vCard. */
  const seenOverXmpp = async (user: string) => {
    const answer = await reader.xmpp.iqCaller.request(xml('iq', { type: 'get', to: `${user}@${world.domain}` }, xml('vCard', { xmlns: 'vcard-temp' })), 5000);
    const vcard = answer.getChild('vCard', 'vcard-temp');
    assert.ok(vcard, answer.toString());
    return vcard;
  };
  const fnOf = async (user: string) => ejabberdApi<{ content: string }>(world.ej.apiUrl, 'get_vcard', { user, host: world.domain, name: 'FN' }).then((r) => r.content, () => undefined);

  before(async () => {
    world = await getWorld();
    const u = await newUser();
    reader = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username: u, password: 'pw', presence: false });
  });

  after(async () => {
    await reader?.stop();
  });

  for (const base of BOTH) {
    it(`PUT then GET (${base}): 200, the same vCard back as XML (also with Accept: application/json); an XMPP client and ejabberd see it`, async () => {
      const u = await newUser();
      const put = await putXml(base, u, VCARD).expect(200);
      assert.equal(put.text, '');
      const seen = await seenOverXmpp(u);
      for (const accept of ['application/xml', 'application/json']) {
        const got = await admin(http().get(`${base}/users/${u}/vcard`)).set('Accept', accept).expect(200);
        assert.match(String(got.headers['content-type']), /^application\/xml/);
        // ejabberd keeps XEP-0054's element order, not the client's: the same vCard any XMPP client gets
        assert.equal(got.text, seen.toString());
      }
      assert.deepEqual(seen.getChildElements().map((c) => c.name).sort(), ['EMAIL', 'FN', 'N', 'NICKNAME']);
      assert.equal(seen.getChildText('NICKNAME'), 'zq');
      assert.equal(seen.getChildText('FN'), 'Zoë "Q" <&> Doe');
      assert.equal(seen.getChild('N')?.getChildText('GIVEN'), 'Zoë');
      assert.equal(seen.getChild('EMAIL')?.getChildText('USERID'), 'zq@example.org');
      assert.equal(await fnOf(u), 'Zoë "Q" <&> Doe');
      // the user record reads its name and email from the same vCard
      const record = (await json(http().get(`${base}/users/${u}`)).expect(200)).body;
      assert.deepEqual([record.name, record.email], ['Zoë "Q" <&> Doe', 'zq@example.org']);
    });

    it(`PUT replaces the whole vCard; DELETE (${base}) answers 200, then GET is 204 with no body and an XMPP client sees an empty vCard`, async () => {
      const u = await newUser();
      await putXml(base, u, VCARD).expect(200);
      await putXml(base, u, '<?xml version="1.0" encoding="UTF-8"?>\n<vCard xmlns="vcard-temp">\n  <NICKNAME>only</NICKNAME>\n</vCard>\n').expect(200);
      const replaced = await seenOverXmpp(u);
      assert.deepEqual(replaced.getChildElements().map((c) => c.name), ['NICKNAME']);
      assert.equal(await fnOf(u), undefined);
      const del = await json(http().delete(`${base}/users/${u}/vcard`)).expect(200);
      assert.equal(del.text, '');
      const got = await admin(http().get(`${base}/users/${u}/vcard`)).expect(204);
      assert.equal(got.text, '');
      assert.deepEqual((await seenOverXmpp(u)).getChildElements(), []);
    });
  }

  it('GET for a user who never had a vCard is 204 with no body', async () => {
    const u = await newUser();
    const got = await admin(http().get(`${MODERN}/users/${u}/vcard`)).set('Accept', 'application/xml').expect(204);
    assert.equal(got.text, '');
  });

  it('an unknown user is 404 UserNotFoundException on GET, PUT and DELETE, in both dialects', async () => {
    const ghost = unique('ghost');
    const modern = [
      await json(http().get(`${MODERN}/users/${ghost}/vcard`)).expect(404),
      await putXml(MODERN, ghost, VCARD).expect(404),
      await json(http().delete(`${MODERN}/users/${ghost}/vcard`)).expect(404),
    ];
    for (const r of modern) assert.deepEqual([r.body.exception, r.body.resource], ['UserNotFoundException', ghost]);
    const ofchat = await json(http().get(`${OFCHAT}/users/${ghost}/vcard`)).expect(404);
    assert.deepEqual([ofchat.body.exception, ofchat.body.ressource], ['UserNotFoundException', ghost]);
    assert.match((await admin(http().get(`${MODERN}/users/${ghost}/vcard`)).set('Accept', 'application/xml').expect(404)).text, /<exception>UserNotFoundException<\/exception>/);
    assert.equal(await fnOf(ghost), undefined, 'nothing was stored for the unknown user');
  });

  it('admin access only: a user with its own Basic credentials gets 403, no credentials 401', async () => {
    const u = await newUser();
    await http().get(`${MODERN}/users/${u}/vcard`).auth(u, 'pw').expect(403);
    await http().put(`${MODERN}/users/${u}/vcard`).auth(u, 'pw').set('Content-Type', 'application/xml').send(VCARD).expect(403);
    await http().get(`${MODERN}/users/${u}/vcard`).expect(401);
    assert.equal(await fnOf(u), undefined);
  });

  describe('hostile bodies: 400 IllegalArgumentException (413 when too large), the stored vCard and the roster unchanged', () => {
    let u: string;
    const KEPT = '<vCard xmlns="vcard-temp"><FN>kept</FN></vCard>';

    before(async () => {
      u = await newUser();
      await putXml(MODERN, u, KEPT).expect(200);
    });

    const refused: Array<[string, string]> = [
      ['a second stanza smuggled by closing the wrapper', `${KEPT}</iq><iq type="set"><query xmlns="jabber:iq:roster"><item jid="evil@example.org"/></query>`],
      ['a closing tag that ends the wrapper early', '<vCard xmlns="vcard-temp"/></iq>'],
      ['a DOCTYPE declaring an entity', '<!DOCTYPE vCard [<!ENTITY x "expanded">]><vCard xmlns="vcard-temp"><FN>&x;</FN></vCard>'],
      ['an undeclared entity', '<vCard xmlns="vcard-temp"><FN>&x;</FN></vCard>'],
      ['a processing instruction after the vCard', `${KEPT}<?evil?>`],
      ['nesting 40 levels deep', `<vCard xmlns="vcard-temp">${'<X>'.repeat(40)}${'</X>'.repeat(40)}</vCard>`],
      ['another namespace', '<vCard xmlns="jabber:iq:roster"><FN>x</FN></vCard>'],
      ['no namespace', '<vCard><FN>x</FN></vCard>'],
      ['another element', '<query xmlns="jabber:iq:roster"><item jid="evil@example.org"/></query>'],
      ['two vCards', `${KEPT}${KEPT}`],
      ['text beside the vCard', `hello ${KEPT}`],
      ['JSON', '{"FN":"x"}'],
      ['an empty body', ''],
      ['an unclosed vCard', '<vCard xmlns="vcard-temp"><FN>x</FN>'],
    ];
    for (const [what, body] of refused) {
      it(`${what}: 400`, async () => {
        const r = await putXml(MODERN, u, body).expect(400);
        assert.equal(r.body.exception, 'IllegalArgumentException', JSON.stringify(r.body));
        assert.equal(r.body.resource, u);
      });
    }

    it('a vCard larger than a stanza may be (server.stanzaMaxBytes): 413', async () => {
      const big = `<vCard xmlns="vcard-temp"><DESC>${'x'.repeat(300_000)}</DESC></vCard>`;
      await putXml(MODERN, u, big).expect(413);
    });

    it('after all of them, the vCard is the one stored before and the roster holds no smuggled item', async () => {
      assert.equal((await admin(http().get(`${MODERN}/users/${u}/vcard`)).expect(200)).text, KEPT);
      assert.equal(await fnOf(u), 'kept');
      const roster = await ejabberdApi<unknown[]>(world.ej.apiUrl, 'get_roster', { user: u, host: world.domain });
      assert.deepEqual(roster, []);
    });
  });
});
