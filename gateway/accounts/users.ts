/**
 * Accounts: list, read, create, update (and rename), delete. Passwords only go to ejabberd;
 * name and email to the vCard; properties to ofgate's store.
 * References: REST API plugin UserServiceController (createUser, updateUser, deleteUser,
 * getUserEntities); ../shared/notes/ofchat-api.md §5.1.
 */
import { badRequest, isGatewayError } from '../errors/index.js';
import { illegalArgument, userAlreadyExists } from './account-errors.js';
import type { AccountContext } from './account-context.js';
import { isValidLocal } from '../jid/index.js';
import { normalizeUsername } from './account-names.js';
import { deleteAccount } from './delete-account.js';
import { mapWithLimit } from './map-with-limit.js';
import { renameUser } from './rename-user.js';
import { readProfile, writeProfile } from './user-profile.js';
import { checkProperties, type PropertyInput, type UserProperty } from './user-properties.js';

export interface UserRecord {
  readonly username: string;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly properties: UserProperty[];
}

/** A user body; absent (or null/false) fields are not given. */
export interface UserInput {
  readonly username?: string | undefined;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly password?: string | undefined;
  readonly properties?: readonly PropertyInput[] | undefined;
}

export interface UserFilter {
  /** Substring of the user name (case-sensitive, as the plugin's username.contains). */
  readonly search?: string | undefined;
  readonly propertyKey?: string | undefined;
  /** Only together with propertyKey. */
  readonly propertyValue?: string | undefined;
}

export interface Users {
  list(filter: UserFilter): Promise<UserRecord[]>;
  get(username: string): Promise<UserRecord>;
  create(input: UserInput): Promise<void>;
  /**
   * Changes password, name, email and (when given) replaces the properties. A different
   * `username` renames the account (see rename-user.ts; it needs `password`).
   */
  update(username: string, input: UserInput): Promise<void>;
  delete(username: string): Promise<void>;
}

const IN_FLIGHT = 8;

export function createUsers(ctx: AccountContext): Users {
  const { backend, properties } = ctx;

  const record = async (user: string): Promise<UserRecord> => {
    const [profile, props] = await Promise.all([readProfile(backend, user), properties.get(user)]);
    // Openfire's User.getName() is "" when no name is set
    return { username: user, name: profile.name ?? '', email: profile.email, properties: props };
  };

  return {
    async list(filter) {
      let names = (await backend.listUsers()).slice().sort();
      if (filter.propertyKey !== undefined && filter.propertyKey !== '') {
        const having = new Set(await properties.usersWith(filter.propertyKey, filter.propertyValue));
        names = names.filter((n) => having.has(n));
      } else if (filter.search !== undefined && filter.search !== '') {
        const needle = filter.search;
        names = names.filter((n) => n.includes(needle));
      }
      return mapWithLimit(names, IN_FLIGHT, record);
    },

    async get(username) {
      return record(await ctx.requireUser(username));
    },

    async create(input) {
      const user = normalizeUsername(input.username ?? '');
      if (user === '') throw illegalArgument('Could not create new user', 'users');
      if (!isValidLocal(user)) throw illegalArgument('Could not create new user: the username is not a valid JID local part', user);
      if (input.password === undefined || input.password === '') {
        throw badRequest('Could not create new user, because password is null', { resource: user, exception: 'PasswordIsNull' });
      }
      const props = checkProperties(input.properties ?? [], user);
      try {
        await backend.registerUser(user, input.password);
      } catch (err) {
        if (isGatewayError(err) && err.kind === 'conflict') throw userAlreadyExists(user);
        throw err;
      }
      await writeProfile(backend, user, input);
      await properties.replace(user, props);
    },

    async update(username, input) {
      const user = await ctx.requireUser(username);
      const target = input.username === undefined ? user : normalizeUsername(input.username);
      if (target !== '' && target !== user) return renameUser(ctx, user, target, input);
      const props = input.properties === undefined ? undefined : checkProperties(input.properties, user);
      // "password": null / "" never blanks a password
      if (input.password !== undefined && input.password !== '') await backend.changePassword(user, input.password);
      await writeProfile(backend, user, input);
      if (props !== undefined) await properties.replace(user, props);
    },

    async delete(username) {
      await deleteAccount(ctx, await ctx.requireUser(username));
    },
  };
}
