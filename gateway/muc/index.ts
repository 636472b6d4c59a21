/** Chat rooms administration: room options, affiliations (JIDs and groups), occupants, history. */
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';

export interface MucAdminDeps {
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
}

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MucAdmin {}

export function createMucAdmin(_deps: MucAdminDeps): MucAdmin {
  return {};
}
