/**
 * Mocha root hooks: one throwaway ejabberd (+ shim) per test run, and one two-instance cluster
 * for the shared-mode files, each started by the first test that asks for it, stopped after the
 * run even when tests fail.
 */
import { stopSharedCluster } from './shared-cluster.js';
import { stopSharedWorld } from './shared-world.js';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await Promise.all([stopSharedWorld(), stopSharedCluster()]);
  },
};
