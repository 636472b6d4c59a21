/**
 * One V8 heap snapshot (.heapsnapshot, the format `v8.writeHeapSnapshot` writes) read into flat
 * typed arrays: each node's kind (a readable name for its type and constructor/closure name), id,
 * self size and edges; the shortest strong path from the root (BFS parent, the retainer path
 * DevTools shows first) and the dominator tree's retained sizes (Cooper–Harvey–Kennedy over the
 * strong edges; weak edges hold nothing). Ids are stable between snapshots of one process, so two
 * snapshots tell which objects were added. Pure: the caller reads the file.
 */

interface RawSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]]; readonly edge_fields: string[]; readonly edge_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly edges: number[];
  readonly strings: string[];
}

export interface HeapGraph {
  readonly count: number;
  /** Per node: index into `kinds`. */
  readonly kind: Int32Array;
  readonly kinds: readonly string[];
  readonly id: Float64Array;
  readonly selfSize: Float64Array;
  readonly retained: Float64Array;
  /** Immediate dominator of each node (-1: the root or unreachable). */
  readonly idom: Int32Array;
  /** BFS parent from the root over strong edges (-1: the root or unreachable) and the edge's label. */
  readonly parent: Int32Array;
  readonly parentEdge: Int32Array;
  edgeLabel(edge: number): string;
  /** Node's kind name. */
  name(node: number): string;
  /** The snapshot's own name of the node: a string's value, a closure's or constructor's name. */
  label(node: number): string;
}

const PLAIN_KEYS = 5;
const STRINGS = new Set(['string', 'concatenated string', 'sliced string']);

/** The kind a node is counted under: constructor for objects, `closure name()` for functions, `(type) name` for the engine's own. */
function kindOf(type: string, name: string): string {
  if (type === 'object') return name || '(anonymous object)';
  if (type === 'closure') return `closure ${name || '(anonymous)'}()`;
  if (STRINGS.has(type)) return '(string)';
  if (type === 'number' || type === 'code' || type === 'symbol' || type === 'bigint' || type === 'regexp') return `(${type})`;
  if (type === 'object shape') return '(object shape)';
  if (type === 'hidden' && name.startsWith('system / ')) return `(${name.slice(9)})`;
  if (type === 'array') return `(array ${name})`;
  return `(${type}) ${name.length > 40 ? name.slice(0, 40) + '…' : name}`;
}

export function parseHeapSnapshot(text: string): HeapGraph {
  const raw = JSON.parse(text) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nId = meta.node_fields.indexOf('id');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nf;
  const edgeCount = edges.length / ef;

  const kindIndex = new Map<string, number>();
  const kinds: string[] = [];
  /** The index of kind `k`, added at the first sight. */
  const intern = (k: string): number => {
    let ki = kindIndex.get(k);
    if (ki === undefined) {
      ki = kinds.length;
      kinds.push(k);
      kindIndex.set(k, ki);
    }
    return ki;
  };
  const kind = new Int32Array(count);
  const nameIdx = new Int32Array(count);
  const id = new Float64Array(count);
  const selfSize = new Float64Array(count);
  const firstEdge = new Int32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    const base = i * nf;
    const k = kindOf(nodeTypes[nodes[base + nType] as number] as string, strings[nodes[base + nName] as number] as string);
    kind[i] = intern(k);
    nameIdx[i] = nodes[base + nName] as number;
    id[i] = nodes[base + nId] as number;
    selfSize[i] = nodes[base + nSize] as number;
    firstEdge[i] = e;
    e += nodes[base + nEdges] as number;
    firstEdge[i + 1] = e;
  }
  const to = new Int32Array(edgeCount);
  const strong = new Uint8Array(edgeCount);
  for (let j = 0; j < edgeCount; j++) {
    to[j] = (edges[j * ef + eTo] as number) / nf;
    const t = edges[j * ef + eType] as number;
    strong[j] = t === weak || t === shortcut ? 0 : 1;
  }
  // Plain objects are told apart by their first property names (`Object{id,jid,…}`): ofgate's records are plain objects.
  const plain = kindIndex.get('Object');
  const property = edgeTypes.indexOf('property');
  for (let i = 0; plain !== undefined && i < count; i++) {
    if (kind[i] !== plain) continue;
    const names: string[] = [];
    for (let j = firstEdge[i] as number; j < (firstEdge[i + 1] as number); j++) {
      if (edges[j * ef + eType] !== property) continue;
      const key = strings[edges[j * ef + eName] as number] as string;
      if (key !== '__proto__') names.push(key);
    }
    const k = `Object{${names.slice(0, PLAIN_KEYS).join(',')}${names.length > PLAIN_KEYS ? ',…' : ''}}`;
    kind[i] = intern(k);
  }

  // Shortest strong paths from the root (node 0).
  const parent = new Int32Array(count).fill(-1);
  const parentEdge = new Int32Array(count).fill(-1);
  const seen = new Uint8Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const n = queue[head++] as number;
    for (let j = firstEdge[n] as number; j < (firstEdge[n + 1] as number); j++) {
      if (!strong[j]) continue;
      const m = to[j] as number;
      if (seen[m]) continue;
      seen[m] = 1;
      parent[m] = n;
      parentEdge[m] = j;
      queue[tail++] = m;
    }
  }

  const { retained, idom } = dominators(count, firstEdge, to, strong, selfSize);
  const edgeLabel = (j: number): string => {
    const t = edgeTypes[edges[j * ef + eType] as number];
    const v = edges[j * ef + eName] as number;
    return t === 'element' || t === 'hidden' ? `[${v}]` : `.${strings[v] ?? v}`;
  };
  return { count, kind, kinds, id, selfSize, retained, idom, parent, parentEdge, edgeLabel, name: (n) => kinds[kind[n] as number] as string, label: (n) => strings[nameIdx[n] as number] as string };
}

/** Immediate dominators and retained sizes: a node's own size plus all it dominates (unreachable nodes: their self size). */
function dominators(count: number, firstEdge: Int32Array, to: Int32Array, strong: Uint8Array, selfSize: Float64Array): { retained: Float64Array; idom: Int32Array } {
  // Iterative DFS postorder from the root.
  const post = new Int32Array(count).fill(-1);
  const order = new Int32Array(count); // postorder index -> node
  const stackNode = new Int32Array(count);
  const stackEdge = new Int32Array(count);
  const visited = new Uint8Array(count);
  let sp = 0;
  let p = 0;
  stackNode[sp] = 0;
  stackEdge[sp++] = firstEdge[0] as number;
  visited[0] = 1;
  while (sp > 0) {
    const n = stackNode[sp - 1] as number;
    const j = stackEdge[sp - 1] as number;
    if (j < (firstEdge[n + 1] as number)) {
      stackEdge[sp - 1] = j + 1;
      const m = to[j] as number;
      if (strong[j] && !visited[m]) {
        visited[m] = 1;
        stackNode[sp] = m;
        stackEdge[sp++] = firstEdge[m] as number;
      }
    } else {
      sp--;
      post[n] = p;
      order[p++] = n;
    }
  }
  const reached = p;
  // Predecessors (strong edges between reached nodes), by postorder index.
  const predCount = new Int32Array(reached + 1);
  for (let n = 0; n < count; n++) {
    if ((post[n] as number) < 0) continue;
    for (let j = firstEdge[n] as number; j < (firstEdge[n + 1] as number); j++) if (strong[j] && (post[to[j] as number] as number) >= 0) predCount[(post[to[j] as number] as number) + 1]!++;
  }
  for (let i = 0; i < reached; i++) predCount[i + 1]! += predCount[i] as number;
  const preds = new Int32Array(predCount[reached] as number);
  const fill = predCount.slice(0, reached);
  for (let n = 0; n < count; n++) {
    const pn = post[n] as number;
    if (pn < 0) continue;
    for (let j = firstEdge[n] as number; j < (firstEdge[n + 1] as number); j++) {
      const pm = post[to[j] as number] as number;
      if (strong[j] && pm >= 0) preds[fill[pm]!++] = pn;
    }
  }
  // Cooper–Harvey–Kennedy on postorder numbers (the root has the highest).
  const root = reached - 1;
  const idom = new Int32Array(reached).fill(-1);
  idom[root] = root;
  for (let changed = true; changed;) {
    changed = false;
    for (let b = root - 1; b >= 0; b--) {
      let d = -1;
      for (let k = predCount[b] as number; k < (predCount[b + 1] as number); k++) {
        let q = preds[k] as number;
        if (idom[q] === -1) continue;
        if (d === -1) { d = q; continue; }
        let r = d;
        while (q !== r) {
          while (q < r) q = idom[q] as number;
          while (r < q) r = idom[r] as number;
        }
        d = q;
      }
      if (d !== -1 && idom[b] !== d) {
        idom[b] = d;
        changed = true;
      }
    }
  }
  const retained = Float64Array.from(selfSize);
  const byNode = new Int32Array(count).fill(-1);
  for (let b = 0; b < root; b++) {
    const d = idom[b] as number;
    if (d < 0 || d === b) continue;
    retained[order[d] as number]! += retained[order[b] as number] as number;
    byNode[order[b] as number] = order[d] as number;
  }
  return { retained, idom: byNode };
}
