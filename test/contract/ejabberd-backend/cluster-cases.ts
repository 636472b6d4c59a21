/**
 * Contract cases: the cluster's nodes (list_cluster) and the answering node (its name from
 * status, its uptime). The throwaway ejabberd runs undistributed: one node, nonode@nohost.
 */
import assert from 'node:assert/strict';
import type { ContractContext } from './contract-context.js';

export function clusterCases(t: ContractContext): void {
  const b = () => t.backend();

  it('when the cluster is listed, then it holds exactly the answering node', async () => {
    const [nodes, local] = await Promise.all([b().clusterNodes(), b().localNode()]);
    assert.deepEqual(nodes, [local.node]);
    assert.match(local.node, /^[^@\s]+@[^@\s]+$/);
  });

  it('when the answering node is read twice, then its uptime is a count of seconds that does not go backwards', async () => {
    const first = await b().localNode();
    const second = await b().localNode();
    assert.ok(Number.isInteger(first.uptimeSeconds) && first.uptimeSeconds >= 0, `uptime ${first.uptimeSeconds}`);
    assert.ok(second.uptimeSeconds >= first.uptimeSeconds);
    assert.equal(second.node, first.node);
  });
}
