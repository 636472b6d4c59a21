/**
 * A fast path for @xmpp/jid's escaping check. The library checks every local part it parses for
 * characters XEP-0106 escapes with ten `replaceAll` passes and a regex (escaping.js `detect`),
 * and @xmpp/middleware parses the `from` and `to` of every stanza in and out: on the relay that
 * check was 4% of ofgate's CPU (issue 20, BENCHMARKS.md). A local part with none of the
 * characters XEP-0106 escapes (space " & ' / : < > @ and the backslash of an escape sequence)
 * needs no escaping, so the patched `setLocal` answers it with one regex test; every other local
 * part, and an explicit `escape` argument, goes to the library's own code. The result is the
 * same for every input (test/unit/xmpp/jid-escape-fast-path.test.ts compares both).
 * Installed when this module is first imported (user-stream.ts imports it); idempotent.
 */
import { jid } from '@xmpp/client';

interface JidPrototype {
  setLocal(this: { _local: string }, local: unknown, escape?: boolean): unknown;
}

const MAY_NEED_ESCAPING = /[ "&'/:<>@\\]/;
const FAST = Symbol.for('ofgate.jidEscapeFastPath');

/** The library's own `setLocal` (for the equivalence test), once installed. */
export function installJidEscapeFastPath(): JidPrototype['setLocal'] {
  const proto = (jid as unknown as { JID: { prototype: JidPrototype } }).JID.prototype;
  const current = proto.setLocal as JidPrototype['setLocal'] & { [FAST]?: JidPrototype['setLocal'] };
  if (current[FAST]) return current[FAST];
  const original = current;
  const setLocal = function (this: { _local: string }, local: unknown, escape?: boolean): unknown {
    if (escape || typeof local !== 'string' || MAY_NEED_ESCAPING.test(local)) return original.call(this, local, escape);
    this._local = local && local.toLowerCase();
    return this;
  } as JidPrototype['setLocal'] & { [FAST]?: JidPrototype['setLocal'] };
  setLocal[FAST] = original;
  proto.setLocal = setLocal;
  return original;
}

installJidEscapeFastPath();
