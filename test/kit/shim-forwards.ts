/**
 * For e2e files whose own ofgate is fed the world's hook events (test/harness/world-gateway.ts):
 * waits until mod_ofgate forwards the kinds named, since the world's bus has just gained their
 * listeners and the shim learns of that asynchronously. Fails at once, naming who needs it, when
 * the test ejabberd runs without the shim.
 */
import type { HookEventName } from '../../hooks/index.js';
import type { Stack } from '../harness/start-stack.js';
import { eventually } from './eventually.js';
import { ejabberdApi } from './xmpp-test-client.js';

export async function shimForwards(w: Stack, kinds: readonly HookEventName[], who: string): Promise<void> {
  if (!w.shimLoaded) throw new Error(`${who} need mod_ofgate in the test ejabberd`);
  await eventually(async () => {
    const got = (await ejabberdApi<{ forwarded: string }>(w.ej.apiUrl, 'ofgate_forwarded_events', { host: w.domain })).forwarded.split(',');
    return kinds.every((e) => got.includes(e));
  }, `mod_ofgate forwarding ${kinds.join(', ')}`);
}
