/** Contract cases: accounts, passwords, vCard fields, registered-users count. */
import assert from 'node:assert/strict';
import { passwordOf, rejectsWith, type ContractContext } from './contract-context.js';

export function accountCases(t: ContractContext): void {
  const b = () => t.backend();

  it('when a user is registered, then it exists, its password checks and it is listed', async () => {
    const user = await t.newUser('acc');
    assert.equal(await b().userExists(user), true);
    assert.equal(await b().checkPassword(user, passwordOf(user)), true);
    assert.equal(await b().checkPassword(user, 'wrong'), false);
    assert.ok((await b().listUsers()).includes(user));
  });

  it('when a user name is taken, then registering it again fails with conflict UserAlreadyExistsException', async () => {
    const user = await t.newUser('dup');
    await rejectsWith(b().registerUser(user, 'other'), 'conflict', 'UserAlreadyExistsException');
  });

  it('when a user name is empty or malformed, then registering fails with bad-request', async () => {
    await rejectsWith(b().registerUser('', 'pw'), 'bad-request');
    await rejectsWith(b().registerUser('two words', 'pw'), 'bad-request');
  });

  it('when a user does not exist, then userExists and checkPassword say false', async () => {
    const ghost = t.name('ghost');
    assert.equal(await b().userExists(ghost), false);
    assert.equal(await b().checkPassword(ghost, 'pw'), false);
  });

  it('when the password is changed, then only the new password checks', async () => {
    const user = await t.newUser('chpw');
    await b().changePassword(user, 'new-secret');
    assert.equal(await b().checkPassword(user, 'new-secret'), true);
    assert.equal(await b().checkPassword(user, passwordOf(user)), false);
  });

  it('when the password of an unknown user is changed, then it fails with not-found UserNotFoundException', async () => {
    await rejectsWith(b().changePassword(t.name('ghost'), 'x'), 'not-found', 'UserNotFoundException');
  });

  it('when a user is unregistered, then it no longer exists, and unregistering it again fails with not-found', async () => {
    const user = await t.newUser('unreg');
    await b().unregisterUser(user);
    assert.equal(await b().userExists(user), false);
    await rejectsWith(b().unregisterUser(user), 'not-found', 'UserNotFoundException');
  });

  it('when a user registers and unregisters, then registeredUsersCount goes up and back down by one', async () => {
    const before = await b().registeredUsersCount();
    const user = await t.newUser('count');
    assert.equal(await b().registeredUsersCount(), before + 1);
    await b().unregisterUser(user);
    assert.equal(await b().registeredUsersCount(), before);
  });

  it('when FN and EMAIL are set, then they read back, and a field never set reads undefined', async () => {
    const user = await t.newUser('vcard');
    assert.equal(await b().getVcardField(user, 'FN'), undefined);
    await b().setVcardField(user, 'FN', 'Zoë <Support> & Co');
    assert.equal(await b().getVcardField(user, 'EMAIL'), undefined);
    await b().setVcardField(user, 'EMAIL', `${user}@example.org`);
    assert.equal(await b().getVcardField(user, 'FN'), 'Zoë <Support> & Co');
    assert.equal(await b().getVcardField(user, 'EMAIL'), `${user}@example.org`);
    await b().setVcardField(user, 'FN', 'Renamed');
    assert.equal(await b().getVcardField(user, 'FN'), 'Renamed');
  });

  it('when the user does not exist, then getVcardField is undefined and setVcardField fails with not-found', async () => {
    const ghost = t.name('ghost');
    assert.equal(await b().getVcardField(ghost, 'FN'), undefined);
    await rejectsWith(b().setVcardField(ghost, 'FN', 'x'), 'not-found', 'UserNotFoundException');
  });
}
