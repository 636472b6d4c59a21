/**
 * The effect runner's chatOpened hook (chat records): called once the support room is made,
 * before roomCreated is stepped; not called when the room could not be made; its failure is
 * logged and stops neither roomCreated nor the effects after it.
 */
import assert from 'node:assert/strict';
import { createEffectRunner, type EffectRunnerDeps } from '../../../gateway/fastpath/effect-runner.js';
import type { Effect, RequestRef } from '../../../gateway/fastpath/machine/index.js';
import type { Logger } from '../../../gateway/log/index.js';

const REQ: RequestRef = { workgroup: 'sales', requestId: 'req0001abc', userId: 'ann', visitor: 'fpv-ann1@example.org' };
const CREATE: Effect = { type: 'createRoom', agent: 'alice', request: REQ, metadata: {} };

function runner(o: { roomFails?: boolean; hookFails?: boolean }) {
  const journal: string[] = [];
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg) };
  const deps: EffectRunnerDeps = {
    addresses: { domain: 'example.org', mucService: 'conference.example.org' },
    events: { publish: () => undefined },
    deadlines: { schedule: async () => undefined, cancel: async () => true },
    rooms: {
      jidOf: (id) => `${id}@conference.example.org`,
      create: async () => {
        if (o.roomFails) throw new Error('no room');
        journal.push('create');
      },
      addMember: async () => undefined,
      inviteAgent: async () => void journal.push('inviteAgent'),
      destroy: async () => undefined,
      occupants: async () => [],
    },
    backend: { sendStanza: async () => undefined },
    hasStream: async () => true,
    apply: async (_wg, e) => void journal.push(`apply ${e.type}`),
    requestEnded: async () => undefined,
    chatOpened: async (wg, agent, id) => {
      journal.push(`chatOpened ${wg} ${agent} ${id}`);
      if (o.hookFails) throw new Error('store down');
    },
    log,
  };
  return { run: createEffectRunner(deps), journal, warnings };
}

describe('fastpath effect runner: the chatOpened hook', () => {
  it('when the room is made, then the hook runs before roomCreated is stepped', async () => {
    const r = runner({});
    await r.run('sales', [CREATE]);
    assert.deepEqual(r.journal, ['create', 'chatOpened sales alice req0001abc', 'apply roomCreated']);
  });

  it('when the room cannot be made, then no hook, roomFailed', async () => {
    const r = runner({ roomFails: true });
    await r.run('sales', [CREATE]);
    assert.deepEqual(r.journal, ['apply roomFailed']);
  });

  it('when the hook fails, then it is logged and roomCreated and the next effect still happen', async () => {
    const r = runner({ hookFails: true });
    await r.run('sales', [CREATE, { type: 'inviteAgent', agent: 'alice', request: REQ }]);
    assert.deepEqual(r.journal, ['create', 'chatOpened sales alice req0001abc', 'apply roomCreated', 'inviteAgent']);
    assert.deepEqual(r.warnings, ['fastpath: the chat record could not be written']);
  });
});
