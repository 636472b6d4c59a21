/**
 * clustering/status, clustering/nodes, clustering/nodes/{nodeId}: ejabberd's real cluster (the
 * mnesia nodes list_cluster names), in the plugin's entities. ejabberd has no senior member:
 * ofgate calls the first node ejabberd lists the senior one. The status is "Disabled" when
 * ejabberd runs undistributed (nonode@nohost), "SENIOR AND ONLY MEMBER" for a lone named node,
 * otherwise "Senior member" / "Junior member" for the node ofgate's API reaches. joinedTime is
 * known only for that node (its start, from its uptime); ejabberd 23.01 has no command reading
 * another node's.
 * References: Openfire REST API plugin ClusteringService, ClusteringController,
 * entity/ClusteringEntity.java, ClusterNodeEntity.java, ClusterNodeEntities.java.
 */
import { entity, list, scalar } from '../../entities/index.js';
import { notFound } from '../../errors/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Clustering';
const UNDISTRIBUTED = 'nonode@nohost';

export const clusteringEntity = entity('clustering', 'ClusteringStatus', 'The cluster as this node sees it.', {
  status: scalar('string', 'Disabled, Starting up, Senior member, Junior member or SENIOR AND ONLY MEMBER'),
});

export const clusterNodeEntity = entity('clusterNode', 'ClusterNode', 'An ejabberd node of the cluster.', {
  hostName: scalar('string', 'The host part of the node name'),
  nodeID: scalar('string', 'The Erlang node name (ejabberd@host)'),
  joinedTime: scalar('date', 'When the node started (only for the node ofgate\'s API reaches)'),
  seniorMember: scalar('bool', 'The first node ejabberd lists'),
});

export const clusterNodesEntity = entity('clusterNodes', 'ClusterNodes', 'The nodes of the cluster.', {
  clusterNode: list('clusterNode', clusterNodeEntity, { wrapper: false, modernKey: 'clusterNodes' }),
});

export function clusteringRoutes(s: RouteServices): RouteSpec[] {
  const read = async () => {
    const [nodes, local] = await Promise.all([s.backend.clusterNodes(), s.backend.localNode()]);
    const senior = nodes[0];
    const entities = nodes.map((node) => ({
      hostName: node.slice(node.indexOf('@') + 1),
      nodeID: node,
      joinedTime: node === local.node ? new Date(Date.now() - local.uptimeSeconds * 1000) : undefined,
      seniorMember: node === senior,
    }));
    const status = local.node === UNDISTRIBUTED ? 'Disabled' : nodes.length <= 1 ? 'SENIOR AND ONLY MEMBER' : local.node === senior ? 'Senior member' : 'Junior member';
    return { status, entities };
  };
  const common = { scope: 'api', tag, access: 'admin', body: { kind: 'none' } } as const;
  return [
    {
      ...common, method: 'get', path: '/clustering/status', summary: "The cluster's status as the node ofgate's API reaches sees it",
      result: { kind: 'entity', status: 200, entity: clusteringEntity },
      handle: async () => ok({ status: (await read()).status }),
    },
    {
      ...common, method: 'get', path: '/clustering/nodes', summary: "ejabberd's cluster nodes (list_cluster)",
      result: { kind: 'entity', status: 200, entity: clusterNodesEntity },
      handle: async () => ok({ clusterNode: (await read()).entities }),
    },
    {
      ...common, method: 'get', path: '/clustering/nodes/{nodeId}', summary: 'One cluster node, by its node name',
      result: { kind: 'entity', status: 200, entity: clusterNodeEntity }, errors: [404],
      handle: async (r) => {
        const id = r.params.nodeId ?? '';
        const node = (await read()).entities.find((n) => n.nodeID === id);
        if (!node) throw notFound(`Cluster node not found: ${id}`, { resource: id, exception: 'NotFoundException' });
        return ok(node);
      },
    },
  ];
}
