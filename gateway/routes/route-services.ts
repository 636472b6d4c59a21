/**
 * What route handlers may use. Built once in gateway.ts; routes never construct adapters.
 */
import type { Accounts } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import type { MucAdmin } from '../muc/index.js';
import type { Store } from '../store/index.js';
import type { SystemProperties } from '../system/index.js';

export interface RouteServices {
  readonly config: Config;
  /** Shared secret (for the legacy userservice ?secret= parameter). */
  readonly secret: string;
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly log: Logger;
  readonly systemProperties: SystemProperties;
  readonly accounts: Accounts;
  readonly muc: MucAdmin;
  /** ejabberd + shim reachability for /healthz. */
  health(): Promise<{ ejabberd: boolean; detail: string }>;
}
