import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { describeStoreContract } from './store-contract.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describeStoreContract('embedded', () => {
  const clock = createFakeClock(Date.now());
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-store-'));
  dirs.push(dir);
  return {
    open: () => createEmbeddedStore({ dir, clock }),
    ttlMs: 1000,
    pass: async (ms) => clock.advance(ms),
  };
});
