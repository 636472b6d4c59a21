/**
 * bench/heap-per-stream.ts's analysis on hand-made snapshots (the .heapsnapshot layout V8
 * writes): kinds (plain objects by their keys), dominators and retained sizes (weak edges hold
 * nothing), the diff per added stream by object ids, owners and retainer paths.
 */
import assert from 'node:assert/strict';
import { diffHeaps, retainerPath } from '../../../bench/heap-snapshot-diff.js';
import { parseHeapSnapshot } from '../../../bench/heap-snapshot-graph.js';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface N { type: string; name: string; id: number; size: number; edges: Array<[string, string, number]> }

/** A snapshot text of `nodes` (edges name their target by its index in `nodes`). */
function snapshot(nodes: N[]): string {
  const strings: string[] = [];
  const str = (s: string): number => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  for (const n of nodes) {
    flatNodes.push(NODE_TYPES.indexOf(n.type), str(n.name), n.id, n.size, n.edges.length, 0, 0);
    for (const [type, name, to] of n.edges) flatEdges.push(EDGE_TYPES.indexOf(type), str(name), to * 7);
  }
  return JSON.stringify({
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'], node_types: [NODE_TYPES], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [EDGE_TYPES] } },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  });
}

/** Root → one Client per stream → its record {jid} → a string; the root also holds a weak ref to each record. */
function streams(count: number): N[] {
  const nodes: N[] = [{ type: 'synthetic', name: '', id: 1, size: 0, edges: [] }];
  for (let i = 0; i < count; i++) {
    const client = nodes.length;
    nodes.push({ type: 'object', name: 'Client', id: 100 + i * 10, size: 100, edges: [['property', 'record', client + 1]] });
    nodes.push({ type: 'object', name: 'Object', id: 101 + i * 10, size: 40, edges: [['property', 'jid', client + 2]] });
    nodes.push({ type: 'string', name: `u${i}@localhost`, id: 102 + i * 10, size: 20, edges: [] });
    (nodes[0] as N).edges.push(['property', `c${i}`, client], ['weak', `w${i}`, client + 1]);
  }
  return nodes;
}

describe('bench heap snapshot analysis', () => {
  it('when a snapshot is read, then plain objects are named by their keys and retained sizes follow the dominators, weak edges aside', () => {
    const g = parseHeapSnapshot(snapshot(streams(2)));
    assert.equal(g.count, 7);
    assert.deepEqual([1, 2, 3].map((n) => g.name(n)), ['Client', 'Object{jid}', '(string)']);
    assert.equal(g.label(3), 'u0@localhost');
    assert.equal(g.retained[1], 160, 'the client holds its record and the string');
    assert.equal(g.idom[2], 1);
    assert.equal(g.retained[0], 320);
    assert.equal(retainerPath(g, 3, 2), 'Object{jid}.jid ‹ Client.record');
  });

  it('when two snapshots differ by added streams, then the diff gives each kind per added stream, the new objects\' owner and path', () => {
    const before = parseHeapSnapshot(snapshot(streams(2)));
    const after = parseHeapSnapshot(snapshot(streams(6)));
    const d = diffHeaps(before, after, 4);
    const row = (kind: string) => d.rows.find((r) => r.kind === kind);
    assert.equal(d.totalBytesPerStream, 160);
    assert.equal(d.newBytesPerStream, 160);
    assert.deepEqual({ ...row('Client'), path: undefined }, { kind: 'Client', countPerStream: 1, bytesPerStream: 100, newPerStream: 1, retainedPerStream: 160, path: undefined, pathShare: 0.25 }, 'each new client has its own edge name from the root');
    assert.equal(row('Object{jid}')?.path, 'Client.record ‹ (synthetic) .c2', 'the commonest shortest path (ties: the first seen)');
    assert.deepEqual(d.owners, [{ owner: 'Client', ownersPerStream: 1, bytesPerStream: 160 }]);
  });
});
