/**
 * What every operation file gets: the adapter's command caller, the virtual host, and `run`
 * for rescode commands, whose answer 1 means ejabberd refused without saying why.
 */
import { GatewayError, type ExceptionName } from '../../errors/index.js';
import type { CommandName, commandCatalog } from '../command-catalog.js';
import type { CallCommand, CommandArgs } from '../command-caller.js';
import { translateFailure } from '../command-failure.js';

export type RescodeCommand = { [C in CommandName]: (typeof commandCatalog)[C] extends { kind: 'rescode' } ? C : never }[CommandName];

export interface OperationContext {
  readonly call: CallCommand;
  readonly host: string;
  run(command: RescodeCommand, args: CommandArgs): Promise<void>;
}

export function createOperationContext(call: CallCommand, host: string): OperationContext {
  return {
    call,
    host,
    async run(command, args) {
      const code = await call(command, args);
      if (code !== 0) throw translateFailure({ command, args, reason: `answered ${code}`, hint: 'rejected' });
    },
  };
}

export function notFound(what: 'user' | 'group', name: string): GatewayError {
  const exception: ExceptionName = what === 'user' ? 'UserNotFoundException' : 'GroupNotFoundException';
  return new GatewayError('not-found', `${what} not found: ${name}`, { resource: name, exception });
}

export function invalid(message: string, resource: string): GatewayError {
  return new GatewayError('bad-request', message, { resource });
}
