/**
 * The port implemented once over a command caller: both adapters supply only a caller (how a
 * command travels and how its answer and failures are read) and get the same semantics.
 */
import type { CallCommand } from '../command-caller.js';
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { accountOperations } from './accounts.js';
import { clusterOperations } from './cluster.js';
import { createOperationContext } from './operation-context.js';
import { roomOperations } from './rooms.js';
import { rosterOperations } from './rosters.js';
import { sessionOperations } from './sessions.js';
import { sharedGroupOperations } from './shared-groups.js';
import { tokenAndLockoutOperations } from './tokens-and-lockouts.js';

export function createCommandBackend(kind: EjabberdBackend['kind'], host: string, call: CallCommand): EjabberdBackend {
  const ctx = createOperationContext(call, host);
  return {
    kind,
    host,
    ...accountOperations(ctx),
    ...rosterOperations(ctx),
    ...sharedGroupOperations(ctx),
    ...roomOperations(ctx),
    ...sessionOperations(ctx),
    ...tokenAndLockoutOperations(ctx),
    ...clusterOperations(ctx),
  };
}
