/**
 * What one added stream costs on the heap, by object kind: two snapshots of the same process
 * (at N1 and N2 streams, each after a full GC) compared kind by kind. Per added stream: the
 * change in count and self size, the objects that are new in the second snapshot (ids not in the
 * first), the retained size of those new objects that no other new object of the same kind
 * dominates, and their commonest retainer path (the shortest strong path's last few steps).
 * Pure: graphs in, rows out.
 */
import type { HeapGraph } from './heap-snapshot-graph.js';

export interface KindRow {
  readonly kind: string;
  /** Per added stream: change in live count and in self bytes between the snapshots. */
  readonly countPerStream: number;
  readonly bytesPerStream: number;
  /** Per added stream: objects of this kind new in the second snapshot, and their retained bytes (outermost of the kind only). */
  readonly newPerStream: number;
  readonly retainedPerStream: number;
  /** The commonest retainer path of the new objects (child ‹ parent.edge ‹ …) and its share of them. */
  readonly path: string;
  readonly pathShare: number;
}

export interface OwnerRow {
  /**
   * The nearest dominator (or the object itself) of a named kind: a class instance or a named
   * closure; `~ Kind` when only a container dominates the object: the first named object on its
   * shortest retainer path instead.
   */
  readonly owner: string;
  /** Per added stream: new owners of this kind, and the self bytes of the new objects they own. */
  readonly ownersPerStream: number;
  readonly bytesPerStream: number;
}

export interface HeapDiff {
  readonly streams: number;
  readonly totalBytesPerStream: number;
  readonly newBytesPerStream: number;
  readonly rows: KindRow[];
  readonly owners: OwnerRow[];
}

const GENERIC = new Set(['Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Object', 'Promise', 'system / Context', 'closure (anonymous)()', 'closure native_bind()']);

/** Whether a kind names what owns memory (a class or a named function) rather than a container. */
export function isOwnerKind(kind: string): boolean {
  return !GENERIC.has(kind) && !kind.startsWith('(') && !kind.startsWith('Object{');
}

const PATH_SAMPLE = 400;

/** The last `depth` steps of the node's shortest path from the root, innermost first. */
export function retainerPath(g: HeapGraph, node: number, depth: number): string {
  const steps: string[] = [];
  let n = node;
  for (let i = 0; i < depth; i++) {
    const p = g.parent[n] as number;
    if (p < 0) break;
    steps.push(`${g.name(p)}${g.edgeLabel(g.parentEdge[n] as number)}`);
    n = p;
  }
  return steps.join(' ‹ ');
}

export function diffHeaps(before: HeapGraph, after: HeapGraph, addedStreams: number, pathDepth = 4): HeapDiff {
  const perKind = new Map<string, { c1: number; s1: number; c2: number; s2: number; newCount: number; newRetained: number; sample: number[] }>();
  const row = (k: string): { c1: number; s1: number; c2: number; s2: number; newCount: number; newRetained: number; sample: number[] } => {
    let r = perKind.get(k);
    if (!r) perKind.set(k, (r = { c1: 0, s1: 0, c2: 0, s2: 0, newCount: 0, newRetained: 0, sample: [] }));
    return r;
  };
  const oldIds = new Set<number>();
  for (let n = 0; n < before.count; n++) {
    oldIds.add(before.id[n] as number);
    const r = row(before.name(n));
    r.c1++;
    r.s1 += before.selfSize[n] as number;
  }
  const isNew = new Uint8Array(after.count);
  for (let n = 0; n < after.count; n++) if (!oldIds.has(after.id[n] as number)) isNew[n] = 1;
  let newBytes = 0;
  let seed = 1;
  for (let n = 0; n < after.count; n++) {
    const r = row(after.name(n));
    r.c2++;
    r.s2 += after.selfSize[n] as number;
    if (!isNew[n]) continue;
    newBytes += after.selfSize[n] as number;
    r.newCount++;
    // Reservoir sample of the new objects (a fixed-seed generator: the same snapshots give the same paths).
    if (r.sample.length < PATH_SAMPLE) r.sample.push(n);
    else {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const slot = seed % r.newCount;
      if (slot < PATH_SAMPLE) r.sample[slot] = n;
    }
    // Outermost of its kind: no dominator up the chain is a new object of the same kind.
    let d = after.idom[n] as number;
    let nested = false;
    for (let hops = 0; d >= 0 && hops < 64; hops++) {
      if (isNew[d] && after.kind[d] === after.kind[n]) {
        nested = true;
        break;
      }
      d = after.idom[d] as number;
    }
    if (!nested) r.newRetained += after.retained[n] as number;
  }
  const owners = new Map<string, { owners: number; bytes: number }>();
  const ownerKind = new Int8Array(after.kinds.length).fill(-1);
  const named = (n: number): boolean => {
    const k = after.kind[n] as number;
    if (ownerKind[k] === -1) ownerKind[k] = isOwnerKind(after.kinds[k] as string) ? 1 : 0;
    return ownerKind[k] === 1;
  };
  for (let n = 0; n < after.count; n++) {
    if (!isNew[n]) continue;
    let o = n;
    for (let hops = 0; o >= 0 && !named(o) && hops < 64; hops++) o = after.idom[o] as number;
    let key: string;
    if (o >= 0 && named(o)) key = after.name(o);
    else {
      // Shared by several owners (dominated by a container only): the first named object on its shortest path.
      let q = n;
      for (let hops = 0; q >= 0 && !named(q) && hops < 64; hops++) q = after.parent[q] as number;
      key = q >= 0 && named(q) ? `~ ${after.name(q)}` : '(no named owner)';
    }
    let r = owners.get(key);
    if (!r) owners.set(key, (r = { owners: 0, bytes: 0 }));
    r.bytes += after.selfSize[n] as number;
    if (o === n) r.owners++;
  }
  let total = 0;
  const rows: KindRow[] = [];
  for (const [kind, r] of perKind) {
    total += r.s2 - r.s1;
    const paths = new Map<string, number>();
    for (const n of r.sample) {
      const p = retainerPath(after, n, pathDepth);
      paths.set(p, (paths.get(p) ?? 0) + 1);
    }
    let path = '';
    let most = 0;
    for (const [p, c] of paths) if (c > most) [path, most] = [p, c];
    rows.push({
      kind,
      countPerStream: (r.c2 - r.c1) / addedStreams,
      bytesPerStream: (r.s2 - r.s1) / addedStreams,
      newPerStream: r.newCount / addedStreams,
      retainedPerStream: r.newRetained / addedStreams,
      path,
      pathShare: r.sample.length ? most / r.sample.length : 0,
    });
  }
  rows.sort((a, b) => b.bytesPerStream - a.bytesPerStream);
  const ownerRows = [...owners].map(([owner, r]) => ({ owner, ownersPerStream: r.owners / addedStreams, bytesPerStream: r.bytes / addedStreams }));
  ownerRows.sort((a, b) => b.bytesPerStream - a.bytesPerStream);
  return { streams: addedStreams, totalBytesPerStream: total / addedStreams, newBytesPerStream: newBytes / addedStreams, rows, owners: ownerRows };
}

/** The new objects of one kind in detail: their commonest retainer paths (deeper) and, for strings, sample values. */
export function detailKind(before: HeapGraph, after: HeapGraph, kind: string, pathDepth: number, shown = 15): { paths: Array<[string, number]>; labels: Array<[string, number]>; total: number } {
  const oldIds = new Set<number>();
  for (let n = 0; n < before.count; n++) oldIds.add(before.id[n] as number);
  const paths = new Map<string, number>();
  const labels = new Map<string, number>();
  let total = 0;
  for (let n = 0; n < after.count; n++) {
    if (after.name(n) !== kind || oldIds.has(after.id[n] as number)) continue;
    total++;
    const p = retainerPath(after, n, pathDepth);
    paths.set(p, (paths.get(p) ?? 0) + 1);
    const l = after.label(n).slice(0, 60);
    labels.set(l, (labels.get(l) ?? 0) + 1);
  }
  const commonest = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]).slice(0, shown);
  return { paths: commonest(paths), labels: commonest(labels), total };
}
