/** Contract cases: shared roster groups (mod_shared_roster). */
import assert from 'node:assert/strict';
import type { SharedGroupInfo } from '../../../gateway/ejabberd/index.js';
import { rejectsWith, type ContractContext } from './contract-context.js';

export function sharedGroupCases(t: ContractContext): void {
  const b = () => t.backend();
  const jidOf = (user: string) => `${user}@${t.ejabberd().domain}`;
  const group = (over: Partial<SharedGroupInfo> = {}): SharedGroupInfo => {
    const name = t.name('srg');
    return { name, label: `Label ${name}`, description: 'Support team', displayed: [name], ...over };
  };

  it('when a group is created, then it is listed and reads back with label, description and displayed groups', async () => {
    const other = t.name('srgo');
    const info = group();
    const withTwo = { ...info, displayed: [info.name, other] };
    await b().createSharedGroup(withTwo);
    assert.ok((await b().listSharedGroups()).includes(info.name));
    assert.deepEqual(await b().getSharedGroup(info.name), withTwo);
  });

  it('when a group has an empty label and displays nothing, then it reads back that way', async () => {
    const info = group({ label: '', description: '', displayed: [] });
    await b().createSharedGroup(info);
    assert.deepEqual(await b().getSharedGroup(info.name), info);
  });

  it('when a group exists, then creating it again fails with conflict GroupAlreadyExistsException', async () => {
    const info = group();
    await b().createSharedGroup(info);
    await rejectsWith(b().createSharedGroup(info), 'conflict', 'GroupAlreadyExistsException');
  });

  it('when a group does not exist, then get is undefined and update, delete and member changes fail with not-found', async () => {
    const ghost = t.name('nosrg');
    assert.equal(await b().getSharedGroup(ghost), undefined);
    assert.deepEqual(await b().getSharedGroupMembers(ghost), []);
    await rejectsWith(b().updateSharedGroup({ name: ghost, label: '', description: '', displayed: [] }), 'not-found', 'GroupNotFoundException');
    await rejectsWith(b().deleteSharedGroup(ghost), 'not-found', 'GroupNotFoundException');
    await rejectsWith(b().addSharedGroupMember(ghost, 'a@example.org'), 'not-found', 'GroupNotFoundException');
    await rejectsWith(b().removeSharedGroupMember(ghost, 'a@example.org'), 'not-found', 'GroupNotFoundException');
  });

  it('when members are added and one removed, then the members list follows and members see each other in getRoster', async () => {
    const info = group();
    const [u1, u2, u3] = [await t.newUser('m'), await t.newUser('m'), await t.newUser('m')];
    await b().createSharedGroup(info);
    for (const u of [u1, u2, u3]) await b().addSharedGroupMember(info.name, jidOf(u));
    await b().removeSharedGroupMember(info.name, jidOf(u3));
    assert.deepEqual((await b().getSharedGroupMembers(info.name)).sort(), [jidOf(u1), jidOf(u2)].sort());
    // ejabberd's roster includes shared-group contacts; getRoster keeps them, grouped under the label
    const roster = await b().getRoster(u1);
    assert.deepEqual(roster.map((e) => [e.jid, e.groups]), [[jidOf(u2), [info.label]]]);
  });

  it('when a group is updated, then label, description and displayed groups change and members stay', async () => {
    const info = group();
    const member = await t.newUser('m');
    await b().createSharedGroup(info);
    await b().addSharedGroupMember(info.name, jidOf(member));
    const updated = { ...info, label: 'New label', description: 'New description', displayed: [] };
    await b().updateSharedGroup(updated);
    assert.deepEqual(await b().getSharedGroup(info.name), updated);
    assert.deepEqual(await b().getSharedGroupMembers(info.name), [jidOf(member)]);
  });

  it('when a group is deleted, then it is no longer listed', async () => {
    const info = group();
    await b().createSharedGroup(info);
    await b().deleteSharedGroup(info.name);
    assert.equal((await b().listSharedGroups()).includes(info.name), false);
    assert.equal(await b().getSharedGroup(info.name), undefined);
  });

  it('when a displayed group name contains a line break, then create fails with bad-request', async () => {
    await rejectsWith(b().createSharedGroup(group({ displayed: ['a\nb'] })), 'bad-request');
  });
}
