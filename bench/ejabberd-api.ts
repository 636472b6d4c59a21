/**
 * The few mod_http_api commands the benchmarks need (ejabberd-23.01.md §5): bulk `register`
 * before timing, `connected_users_number` to see sessions come back to the baseline.
 */
import type { Agent } from 'node:http';
import { postOk } from './http-client.js';
import { runPool } from './pool.js';

export async function ejabberdCall<T>(agent: Agent, apiUrl: string, command: string, args: Record<string, unknown>): Promise<T> {
  return JSON.parse(await postOk(agent, `${apiUrl}/${command}`, JSON.stringify(args))) as T;
}

/** Registers the users with 32 calls in flight; an already-registered user (409) counts as done. */
export async function registerUsers(agent: Agent, apiUrl: string, domain: string, users: readonly string[], password: string): Promise<void> {
  const { errors, firstError } = await runPool(32, users.length, async (i) => {
    try {
      await ejabberdCall(agent, apiUrl, 'register', { user: users[i], host: domain, password });
    } catch (err) {
      if (!/ 409 /.test((err as Error).message)) throw err;
    }
  });
  if (errors) throw new Error(`register: ${errors} of ${users.length} failed (${firstError})`);
}

export async function connectedUsers(agent: Agent, apiUrl: string): Promise<number> {
  return (await ejabberdCall<{ num_sessions: number }>(agent, apiUrl, 'connected_users_number', {})).num_sessions;
}
