/**
 * What each group of ejabberd-backend contract cases gets: the backend under test (one per
 * adapter), the shared throwaway ejabberd, unique names, and XMPP clients stopped after each test.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { Client } from '@xmpp/client';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { GatewayError, type ErrorKind, type ExceptionName } from '../../../gateway/errors/index.js';
import type { EjabberdInstance } from '../../harness/ejabberd-instance.js';
import { unique } from '../../kit/unique.js';
import { connectXmpp, type TestXmpp } from '../../kit/xmpp-test-client.js';

export interface ContractContext {
  readonly kind: EjabberdBackend['kind'];
  backend(): EjabberdBackend;
  ejabberd(): EjabberdInstance;
  /** A fresh lowercase name (ejabberd nodepreps user and room names). */
  name(prefix: string): string;
  /** Registers a fresh user through the backend under test; its password is passwordOf(user). */
  newUser(prefix: string): Promise<string>;
  /** Logs the user in over XMPP with PLAIN; the client is stopped after the test. */
  online(user: string, opts?: { resource?: string; presence?: boolean }): Promise<TestXmpp>;
}

export const passwordOf = (user: string): string => `pw-${user}`;

export function createContractContext(kind: EjabberdBackend['kind'], backend: () => EjabberdBackend, ejabberd: () => EjabberdInstance): ContractContext & { stopClients(): Promise<void> } {
  const clients: TestXmpp[] = [];
  const name = (prefix: string) => unique(`${prefix}${kind === 'xmlrpc' ? 'x' : 'h'}`);
  return {
    kind,
    backend,
    ejabberd,
    name,
    async newUser(prefix) {
      const user = name(prefix);
      await backend().registerUser(user, passwordOf(user));
      return user;
    },
    async online(user, opts = {}) {
      const ej = ejabberd();
      const c = await connectXmpp({ service: ej.xmppService, domain: ej.domain, username: user, password: passwordOf(user), ...opts });
      clients.push(c);
      return c;
    },
    async stopClients() {
      await Promise.all(clients.splice(0).map((c) => dropConnection(c.xmpp)));
    },
  };
}

/**
 * Ends a test client by closing its socket. @xmpp/connection 0.14.0's stop() detaches the parser
 * while data may still arrive, which throws an uncaught TypeError in _onData (notes §10 pitfall 18).
 */
export async function dropConnection(xmpp: Client): Promise<void> {
  const socket = xmpp.socket as Socket | null;
  if (!socket || socket.destroyed) return;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.destroy();
  await closed;
}

/** Asserts the promise rejects with a GatewayError of this kind (and exception name), and returns it. */
export async function rejectsWith(p: Promise<unknown>, kind: ErrorKind, exception?: ExceptionName): Promise<GatewayError> {
  const err = await p.then(
    (v) => assert.fail(`expected a ${kind} GatewayError, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GatewayError, `expected a GatewayError, got ${String(err)}`);
  assert.equal(err.kind, kind, err.message);
  if (exception) assert.equal(err.exception, exception, err.message);
  return err;
}

/** Polls until `done(value)` holds (for effects ejabberd applies just after answering); bounded. */
export async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) assert.fail(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
