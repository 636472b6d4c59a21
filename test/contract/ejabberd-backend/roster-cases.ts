/** Contract cases: roster items (groups merged per contact, replaced on update). */
import assert from 'node:assert/strict';
import { rejectsWith, type ContractContext } from './contract-context.js';

export function rosterCases(t: ContractContext): void {
  const b = () => t.backend();
  const jidOf = (user: string) => `${user}@${t.ejabberd().domain}`;

  it('when an item with two groups is set, then getRoster returns one entry carrying both groups', async () => {
    const [owner, contact] = [await t.newUser('ro'), await t.newUser('rc')];
    await b().setRosterItem(owner, { jid: jidOf(contact), nick: 'Contact', groups: ['Friends', 'Work'], subscription: 'both' });
    assert.deepEqual(await b().getRoster(owner), [{ jid: jidOf(contact), nick: 'Contact', subscription: 'both', ask: '', groups: ['Friends', 'Work'] }]);
  });

  it('when an item is set again, then its nick, subscription and groups are replaced', async () => {
    const [owner, contact] = [await t.newUser('ro'), await t.newUser('rc')];
    await b().setRosterItem(owner, { jid: jidOf(contact), nick: 'A', groups: ['G1', 'G2'], subscription: 'both' });
    await b().setRosterItem(owner, { jid: jidOf(contact), nick: 'B', groups: ['G3'], subscription: 'to' });
    const roster = await b().getRoster(owner);
    assert.deepEqual(roster.map((e) => [e.jid, e.nick, e.subscription, e.groups]), [[jidOf(contact), 'B', 'to', ['G3']]]);
  });

  it('when an item has no groups, then it is listed with an empty group list', async () => {
    const [owner, contact] = [await t.newUser('ro'), await t.newUser('rc')];
    await b().setRosterItem(owner, { jid: jidOf(contact), nick: '', groups: [], subscription: 'none' });
    assert.deepEqual((await b().getRoster(owner)).map((e) => e.groups), [[]]);
  });

  it('when an item is deleted or set with subscription remove, then it is gone from the roster', async () => {
    const [owner, c1, c2] = [await t.newUser('ro'), await t.newUser('rc'), await t.newUser('rc')];
    await b().setRosterItem(owner, { jid: jidOf(c1), nick: '', groups: [], subscription: 'both' });
    await b().setRosterItem(owner, { jid: jidOf(c2), nick: '', groups: [], subscription: 'both' });
    await b().deleteRosterItem(owner, jidOf(c1));
    await b().setRosterItem(owner, { jid: jidOf(c2), nick: '', groups: [], subscription: 'remove' });
    assert.deepEqual(await b().getRoster(owner), []);
  });

  it("when a group name contains ';', then setRosterItem fails with bad-request", async () => {
    const owner = await t.newUser('ro');
    await rejectsWith(b().setRosterItem(owner, { jid: 'x@example.org', nick: '', groups: ['a;b'], subscription: 'none' }), 'bad-request');
  });
}
