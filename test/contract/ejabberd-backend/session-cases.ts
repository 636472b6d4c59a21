/**
 * Contract cases: sessions of real XMPP clients, kicks, messages and stanzas, offline count.
 * Clients that share an account connect without presence: with presence, @xmpp/client 0.14.0's
 * stream management sometimes acks one stanza too many after a sibling's presence arrives, and
 * ejabberd closes it ("Client acknowledged more stanzas than sent by server").
 */
import assert from 'node:assert/strict';
import { xml, type TestXmpp } from '../../kit/xmpp-test-client.js';
import { eventually, rejectsWith, type ContractContext } from './contract-context.js';

export function sessionCases(t: ContractContext): void {
  const b = () => t.backend();
  const jidOf = (user: string) => `${user}@${t.ejabberd().domain}`;
  /** Resolves when the server has closed the client's socket (the kick's stream error comes first, as 'error'). */
  const disconnected = (x: TestXmpp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('client not disconnected within 5 s')), 5000);
      x.xmpp.once('disconnect', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  it('when a client is online, then listSessions, userSessions and onlineSessionsCount show its session', async () => {
    const user = await t.newUser('sess');
    const x = await t.online(user, { resource: 'desk', presence: false });
    await x.send(xml('presence', {}, xml('show', {}, 'away'), xml('status', {}, 'at lunch'), xml('priority', {}, '5')));
    // ejabberd keeps the show/status (c2s state) and the priority (session manager) apart: wait for both
    const [mine] = await eventually(() => b().userSessions(user), (s) => s[0]?.status === 'away' && s[0]?.priority === 5);
    assert.ok(mine);
    assert.deepEqual(
      { jid: mine.jid, user: mine.user, resource: mine.resource, connection: mine.connection, ip: mine.ip, priority: mine.priority, statusText: mine.statusText },
      { jid: `${jidOf(user)}/desk`, user, resource: 'desk', connection: 'c2s', ip: '127.0.0.1', priority: 5, statusText: 'at lunch' },
    );
    assert.ok(mine.port > 0 && mine.uptime >= 0);
    assert.deepEqual((await b().listSessions()).filter((s) => s.user === user), [mine]);
    assert.ok((await b().onlineSessionsCount()) >= 1);
  });

  it('when a user has no session, then userSessions is empty', async () => {
    assert.deepEqual(await b().userSessions(await t.newUser('idle')), []);
  });

  it('when a session is kicked, then the client is disconnected and the session is gone once the call returns', async () => {
    const user = await t.newUser('kick');
    const [x1, x2] = [await t.online(user, { resource: 'r1', presence: false }), await t.online(user, { resource: 'r2', presence: false })];
    const gone = disconnected(x1);
    await b().kickSession(user, 'r1', 'bye');
    assert.deepEqual((await b().userSessions(user)).map((s) => s.resource), ['r2']);
    await gone;
    assert.equal(x2.xmpp.status, 'online');
  });

  it('when a user is kicked, then every session closes before the call returns and the closed count is reported', async () => {
    const user = await t.newUser('kicku');
    const [x1, x2] = [await t.online(user, { resource: 'a', presence: false }), await t.online(user, { resource: 'b', presence: false })];
    const gone = Promise.all([disconnected(x1), disconnected(x2)]);
    assert.equal(await b().kickUser(user), 2);
    assert.deepEqual(await b().userSessions(user), []);
    await gone;
    assert.equal(await b().kickUser(user), 0);
  });

  it('when a chat message is sent to an online user, then the client receives it from the given sender', async () => {
    const [from, to] = [await t.newUser('from'), await t.newUser('to')];
    const x = await t.online(to);
    await b().sendMessage({ type: 'chat', from: jidOf(from), to: jidOf(to), body: 'hello from the API' });
    const msg = await x.waitFor((el) => el.is('message') && el.getChildText('body') === 'hello from the API', 5000, 'API message');
    assert.equal(msg.attrs.from, jidOf(from));
    assert.equal(msg.attrs.type, 'chat');
  });

  it('when a raw stanza is sent, then it is routed to the addressee', async () => {
    const [from, to] = [await t.newUser('from'), await t.newUser('to')];
    const x = await t.online(to, { resource: 'r' });
    const stanza = xml('message', { type: 'headline' }, xml('body', {}, 'raw stanza')).toString();
    await b().sendStanza(jidOf(from), `${jidOf(to)}/r`, stanza);
    const msg = await x.waitFor((el) => el.is('message') && el.getChildText('body') === 'raw stanza', 5000, 'raw stanza');
    assert.equal(msg.attrs.type, 'headline');
  });

  it('when a stanza is not well-formed, then sendStanza fails with bad-request', async () => {
    const user = await t.newUser('bad');
    await rejectsWith(b().sendStanza(jidOf(user), jidOf(user), '<message><body>unclosed'), 'bad-request');
  });

  it('when messages are sent to an offline user, then offlineCount counts them', async () => {
    const [from, to] = [await t.newUser('from'), await t.newUser('off')];
    assert.equal(await b().offlineCount(to), 0);
    await b().sendMessage({ type: 'chat', from: jidOf(from), to: jidOf(to), subject: 'first', body: 'one' });
    await b().sendMessage({ type: 'normal', from: jidOf(from), to: jidOf(to), body: 'two' });
    assert.equal(await b().offlineCount(to), 2);
  });
}
