/**
 * The cluster: the mnesia nodes ejabberd runs on (list_cluster), and the node answering
 * ofgate's API, named by its status text ("The node N is started…") with its uptime
 * (stats uptimeseconds, counted on that node). ejabberd 23.01 has no command reading another
 * node's uptime.
 * References: ejabberd_admin (23.01) list_cluster/0, status/0, stats/1.
 */
import { GatewayError } from '../../errors/index.js';
import type { EjabberdBackend } from '../ejabberd-backend.js';
import type { OperationContext } from './operation-context.js';

export type ClusterOperations = Pick<EjabberdBackend, 'clusterNodes' | 'localNode'>;

const NODE_IN_STATUS = /The node (\S+) is started/;

export function clusterOperations({ call }: OperationContext): ClusterOperations {
  return {
    clusterNodes: async () => (await call('list_cluster', {})).map(String),
    async localNode() {
      const [status, uptimeSeconds] = await Promise.all([call('status', {}), call('stats', { name: 'uptimeseconds' })]);
      const node = NODE_IN_STATUS.exec(status)?.[1];
      if (node === undefined) throw new GatewayError('upstream-unavailable', `ejabberd's status does not name its node: ${status.slice(0, 200)}`);
      return { node, uptimeSeconds };
    },
  };
}
