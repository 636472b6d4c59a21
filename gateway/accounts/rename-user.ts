/**
 * Renaming an account (PUT users/{old} with another `username`), after Openfire's
 * JustMarriedController.changeName: create the new account, copy roster, vCard name/email,
 * properties and group memberships, then delete the old account.
 * Without `password` in the body (Openfire copies the stored credential) the answer is 501
 * NotImplementedException and nothing changes: ejabberd 23.01's API has no command that reads
 * or copies a stored credential (no get_password; check_password_hash only compares). The one
 * way found is XEP-0227: export_piefxis_host writes every account of the host, with its stored
 * password (or SCRAM keys), to a directory on the ejabberd node, and import_piefxis reads a file
 * from it. ofgate does not use it: it needs a directory both share (same machine, compatible
 * users), dumps the whole host (every account's credential on disk) for one rename, and the
 * backend port does not carry those commands.
 * Roster: the personal items are copied (shared-group contacts come back by themselves through
 * the copied memberships), and local contacts that had the old account as a personal item get
 * the new one with the same nick, groups and subscription, replacing the old one (Openfire's
 * addNewUserToOthersRoster).
 */
import { isGatewayError, notImplemented } from '../errors/index.js';
import type { EjabberdBackend, RosterEntry } from '../ejabberd/index.js';
import { illegalArgument, userAlreadyExists } from './account-errors.js';
import type { AccountContext } from './account-context.js';
import { isValidLocal } from '../jid/index.js';
import { loadGroupDirectory } from './group-directory.js';
import { classifyRosterEntry, sharedContactsOf, type GroupDirectory } from './shared-contacts.js';
import { deleteAccount } from './delete-account.js';
import type { UserInput } from './users.js';
import { readProfile, writeProfile } from './user-profile.js';
import { checkProperties } from './user-properties.js';

export async function renameUser(ctx: AccountContext, from: string, to: string, input: UserInput): Promise<void> {
  const { backend } = ctx;
  if (!isValidLocal(to)) throw illegalArgument('Could not rename the user: the new username is not a valid JID local part', to);
  if (input.password === undefined || input.password === '') {
    throw notImplemented(
      'Renaming a user needs "password" in the body: ejabberd 23.01 has no API command that reads or copies a stored credential '
        + '(Openfire copies it), so the new account is created with the password given',
      { resource: from },
    );
  }
  const props = input.properties === undefined ? await ctx.properties.get(from) : checkProperties(input.properties, to);
  if (await backend.userExists(to)) throw userAlreadyExists(to);
  const [roster, directory, profile] = await Promise.all([backend.getRoster(from), loadGroupDirectory(backend), readProfile(backend, from)]);

  try {
    await backend.registerUser(to, input.password);
  } catch (err) {
    if (isGatewayError(err) && err.kind === 'conflict') throw userAlreadyExists(to);
    throw err;
  }
  const oldJid = ctx.jidOf(from);
  const newJid = ctx.jidOf(to);
  await copyPersonalItems(backend, to, roster, sharedContactsOf(oldJid, directory));
  await moveInContactsRosters(ctx, roster, directory, oldJid, newJid);
  await writeProfile(backend, to, { name: input.name || profile.name, email: input.email || profile.email });
  await ctx.properties.replace(to, props);
  for (const [group, g] of directory) {
    if (g.members.includes(oldJid)) await backend.addSharedGroupMember(group, newJid);
  }
  await ctx.admins.rename(oldJid, newJid);
  await deleteAccount(ctx, from);
}

async function copyPersonalItems(backend: EjabberdBackend, to: string, roster: readonly RosterEntry[], shared: Map<string, string[]>): Promise<void> {
  for (const entry of roster) {
    const kind = classifyRosterEntry(entry, shared.get(entry.jid));
    if (kind.onlyShared) continue;
    await backend.setRosterItem(to, { jid: entry.jid, nick: entry.nick, groups: kind.personalGroups, subscription: entry.subscription });
  }
}

async function moveInContactsRosters(ctx: AccountContext, roster: readonly RosterEntry[], directory: GroupDirectory, oldJid: string, newJid: string): Promise<void> {
  const { backend } = ctx;
  const suffix = `@${backend.host.toLowerCase()}`;
  for (const entry of roster) {
    if (!entry.jid.endsWith(suffix)) continue;
    const contact = entry.jid.slice(0, -suffix.length);
    if (!(await backend.userExists(contact))) continue;
    const theirs = (await backend.getRoster(contact)).find((e) => e.jid === oldJid);
    if (!theirs) continue;
    const kind = classifyRosterEntry(theirs, sharedContactsOf(entry.jid, directory).get(oldJid));
    if (kind.onlyShared) continue;
    await backend.setRosterItem(contact, { jid: newJid, nick: theirs.nick, groups: kind.personalGroups, subscription: theirs.subscription });
    await backend.deleteRosterItem(contact, oldJid);
  }
}
