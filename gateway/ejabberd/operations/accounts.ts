/**
 * Accounts and vCard fields. unregister answers success for unknown users and, in 23.01, then
 * decrements the registered-users counter anyway (ejabberd_auth_mnesia reg_users_counter), so
 * existence is checked first. register accepts an empty name ("User @host successfully
 * registered"), so that is refused here. set_vcard stores a vCard for unknown users too.
 * References: mod_admin_extra (23.01) register/3, unregister/2, check_account/2,
 * change_password/3, get_vcard/3, get_vcard2/4, set_vcard/4, set_vcard2/5; notes §5.
 */
import { isGatewayError } from '../../errors/index.js';
import type { EjabberdBackend, VcardField } from '../ejabberd-backend.js';
import { invalid, notFound, type OperationContext } from './operation-context.js';

export type AccountOperations = Pick<
  EjabberdBackend,
  'status' | 'registerUser' | 'unregisterUser' | 'userExists' | 'checkPassword' | 'changePassword' | 'listUsers' | 'getVcardField' | 'setVcardField'
>;

/** FN is a top-level vCard element; EMAIL has its address in the USERID child. */
const VCARD_PATH: Readonly<Record<VcardField, { name: string; subname?: string }>> = {
  FN: { name: 'FN' },
  EMAIL: { name: 'EMAIL', subname: 'USERID' },
};

export function accountOperations({ call, run, host }: OperationContext): AccountOperations {
  const userExists = async (user: string) => (await call('check_account', { user, host })) === 0;
  const requireUser = async (user: string) => {
    if (!(await userExists(user))) throw notFound('user', user);
  };

  return {
    status: () => call('status', {}),

    async registerUser(user, password) {
      if (user.trim() === '') throw invalid('user name is empty', user);
      await call('register', { user, host, password });
    },

    async unregisterUser(user) {
      await requireUser(user);
      await call('unregister', { user, host });
    },

    userExists,
    checkPassword: async (user, password) => (await call('check_password', { user, host, password })) === 0,
    changePassword: (user, password) => run('change_password', { user, host, newpass: password }),
    listUsers: () => call('registered_users', { host }),

    async getVcardField(user, field) {
      const { name, subname } = VCARD_PATH[field];
      try {
        return subname === undefined ? await call('get_vcard', { user, host, name }) : await call('get_vcard2', { user, host, name, subname });
      } catch (err) {
        // error_no_vcard_found / error_no_value_found_in_vcard
        if (isGatewayError(err) && err.exception === 'PropertyNotFoundException') return undefined;
        throw err;
      }
    },

    async setVcardField(user, field, value) {
      await requireUser(user);
      const { name, subname } = VCARD_PATH[field];
      if (subname === undefined) await run('set_vcard', { user, host, name, content: value });
      else await run('set_vcard2', { user, host, name, subname, content: value });
    },
  };
}
