/**
 * The embedded backend beyond the contract: what survives a reopen, a failed disk write, a crash
 * mid-append, a damaged file, a second process, the old state.json, compaction, and how long a
 * write holds the event loop.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import {
  createEmbeddedStore,
  nodeIo,
  StoreLockedError,
  StorePersistError,
  StoreRecoveryError,
  type StoreIo,
} from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const dirs: string[] = [];
const newDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ofgate-store-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const journalOf = (dir: string): string => {
  const j = readdirSync(dir).filter((n) => /^store-journal\.\d+\.jsonl$/.test(n)).sort().pop();
  assert.ok(j, 'a journal exists');
  return join(dir, j);
};

/** The real io, with switches to make the next appends or fdatasyncs fail, and a datasync count. */
function faultyIo(): { io: StoreIo; failWrites: (on: boolean) => void; failSyncs: (on: boolean) => void; syncs: () => number } {
  let writes = false;
  let syncsFail = false;
  let syncs = 0;
  return {
    io: {
      async openAppend(path) {
        const f = await nodeIo.openAppend(path);
        return {
          async write(data) {
            if (!writes) return f.write(data);
            await f.write(data.subarray(0, data.length >> 1)); // a torn write: half of it lands
            throw new Error('EIO (injected)');
          },
          async datasync() {
            syncs++;
            if (syncsFail) throw new Error('EIO on fsync (injected)');
            return f.datasync();
          },
          truncate: (n) => f.truncate(n),
          close: () => f.close(),
        };
      },
      fsyncPath: (p) => nodeIo.fsyncPath(p),
    },
    failWrites: (on) => (writes = on),
    failSyncs: (on) => (syncsFail = on),
    syncs: () => syncs,
  };
}

describe('store: embedded durability', () => {
  it('when the store is reopened, then records, versions and expiries are as they were', async () => {
    const dir = newDir();
    const clock = createFakeClock(Date.now());
    const s1 = await createEmbeddedStore({ dir, clock });
    const c1 = s1.collection<string>('userProperties');
    await c1.put('alice', 'v <&> ✓');
    await c1.put('alice', 'v2');
    await c1.put('lease', 'l', { ttlMs: 5000 });
    await c1.put('gone', 'x');
    await c1.delete('gone');
    const alice = await c1.getVersioned('alice');
    const lease = await c1.getVersioned('lease');
    await s1.close();
    const s2 = await createEmbeddedStore({ dir, clock });
    const c2 = s2.collection<string>('userProperties');
    assert.deepEqual(await c2.getVersioned('alice'), { value: 'v2', version: alice?.version, expiresAt: undefined });
    assert.deepEqual(await c2.getVersioned('lease'), { value: 'l', version: lease?.version, expiresAt: clock.now() + 5000 });
    assert.equal(await c2.get('gone'), undefined);
    clock.advance(5001);
    assert.equal(await c2.get('lease'), undefined);
    await s2.close();
  });

  it('when an append fails, then the write rejects with StorePersistError, nothing is visible, and later writes work', async () => {
    const dir = newDir();
    const f = faultyIo();
    const s = await createEmbeddedStore({ dir, io: f.io });
    const c = s.collection<number>('counters');
    await c.put('n', 1);
    const before = await c.getVersioned('n');
    f.failWrites(true);
    const failed = await Promise.allSettled([c.put('n', 2), c.update('n', (v) => (v ?? 0) + 10), c.put('m', 1)]);
    assert.deepEqual(failed.map((r) => r.status === 'rejected' && r.reason instanceof StorePersistError), [true, true, true]);
    assert.deepEqual(await c.getVersioned('n'), before);
    assert.equal(await c.get('m'), undefined);
    f.failWrites(false);
    assert.equal(await c.update('n', (v) => (v ?? 0) + 1), 2);
    const written = await c.getVersioned('n');
    assert.ok((written?.version ?? 0) > (before?.version ?? 0));
    await s.close();
    const again = await createEmbeddedStore({ dir });
    assert.deepEqual(await again.collection('counters').getVersioned('n'), written);
    assert.equal(await again.collection('counters').get('m'), undefined);
    await again.close();
  });

  it('when fdatasync fails, then the write rejects, is not visible, and is not there after a reopen', async () => {
    const dir = newDir();
    const f = faultyIo();
    const s = await createEmbeddedStore({ dir, io: f.io });
    const c = s.collection<string>('rooms');
    await c.put('r', 'old');
    f.failSyncs(true);
    await assert.rejects(s.transact([{ collection: 'rooms', id: 'r' }], () => ({ writes: [{ collection: 'rooms', id: 'r', value: 'new' }], result: 0 })), StorePersistError);
    assert.equal(await c.get('r'), 'old');
    f.failSyncs(false);
    await s.close();
    const again = await createEmbeddedStore({ dir });
    assert.equal(await again.collection('rooms').get('r'), 'old');
    await again.close();
  });

  it('when many writes arrive together, then they share fdatasyncs (group commit)', async () => {
    const f = faultyIo();
    const s = await createEmbeddedStore({ dir: newDir(), io: f.io });
    const before = f.syncs();
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.collection<number>('bulk').put(`k${i}`, i)));
    assert.ok(f.syncs() - before <= 10, `${f.syncs() - before} fdatasyncs for 200 writes`);
    await s.close();
  });

  it('when the journal ends in a torn line (a crash mid-append), then reopening drops it, cuts it off, and goes on', async () => {
    const dir = newDir();
    const s1 = await createEmbeddedStore({ dir });
    await s1.collection<string>('rooms').put('a', '1');
    await s1.collection<string>('rooms').put('b', '2');
    await s1.close();
    const journal = journalOf(dir);
    appendFileSync(journal, '[["rooms","c",1,0,"th');
    const s2 = await createEmbeddedStore({ dir });
    assert.deepEqual(await s2.collection('rooms').entries(), [['a', '1'], ['b', '2']]);
    assert.ok(readFileSync(journal, 'utf8').endsWith('\n'), 'the torn tail is cut off');
    await s2.collection<string>('rooms').put('c', '3');
    await s2.close();
    const s3 = await createEmbeddedStore({ dir });
    assert.deepEqual(await s3.collection('rooms').entries(), [['a', '1'], ['b', '2'], ['c', '3']]);
    await s3.close();
  });

  it('when a journal line before the last is damaged, then opening fails with StoreRecoveryError', async () => {
    const dir = newDir();
    const s1 = await createEmbeddedStore({ dir });
    await s1.collection<string>('rooms').put('a', '1');
    await s1.close();
    const journal = journalOf(dir);
    writeFileSync(journal, `garbage\n${readFileSync(journal, 'utf8')}`);
    await assert.rejects(createEmbeddedStore({ dir }), (e: unknown) => e instanceof StoreRecoveryError && /line 1/.test(e.message));
  });

  it('when the snapshot is damaged, then opening fails with StoreRecoveryError (not an empty store)', async () => {
    const dir = newDir();
    const s1 = await createEmbeddedStore({ dir });
    await s1.close();
    writeFileSync(join(dir, 'store-snapshot.1.json'), '{"format":"ofgate-store","formatVersion":1,"jour');
    await assert.rejects(createEmbeddedStore({ dir }), (e: unknown) => e instanceof StoreRecoveryError && /damaged/.test(e.message));
    assert.ok(!existsSync(join(dir, 'store.lock')), 'a failed open releases the lock');
  });

  it('when the directory is open, then a second open in this process fails with StoreLockedError', async () => {
    const dir = newDir();
    const s = await createEmbeddedStore({ dir });
    await assert.rejects(createEmbeddedStore({ dir }), StoreLockedError);
    await s.close();
    const again = await createEmbeddedStore({ dir });
    await again.close();
  });

  it('when another OS process has the directory open, then this one gets a clear error; once it is gone, its stale lock is taken over', async () => {
    const dir = newDir();
    const child = fileURLToPath(new URL('./children/open-embedded-child.ts', import.meta.url));
    const s = await createEmbeddedStore({ dir });
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dir], { timeout: 15_000 });
    assert.match(stdout, /^StoreLockedError: .*in use: process \d+ holds/);
    await s.close();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'store.lock'), `${dead}\n`);
    const { stdout: out2 } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dir], { timeout: 15_000 });
    assert.equal(out2.trim(), 'opened');
  });

  it('when the old state.json is there and no snapshot, then it is imported once at version 1', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ userProperties: { alice: [{ name: 'a', value: 'b' }] }, systemProperties: { 'x.y': 'z' }, 'Bad Name': { k: 1 } }));
    const s1 = await createEmbeddedStore({ dir });
    assert.deepEqual(await s1.collection('userProperties').getVersioned('alice'), { value: [{ name: 'a', value: 'b' }], version: 1, expiresAt: undefined });
    assert.equal(await s1.collection('systemProperties').get('x.y'), 'z');
    await s1.collection('systemProperties').delete('x.y');
    await s1.close();
    const s2 = await createEmbeddedStore({ dir });
    assert.equal(await s2.collection('systemProperties').get('x.y'), undefined, 'not imported a second time');
    await s2.close();
  });

  it('when the journal outgrows its limit, then a snapshot takes over, old files go, expired records are dropped, and a reopen sees the same', async () => {
    const dir = newDir();
    const clock = createFakeClock(Date.now());
    const s1 = await createEmbeddedStore({ dir, clock, compactAfterBytes: 2000 });
    const c = s1.collection<string>('rooms');
    await c.put('short', 'x', { ttlMs: 10 });
    clock.advance(20);
    for (let i = 0; i < 60; i++) await c.put(`r${i % 20}`, `value ${i} ${'p'.repeat(40)}`);
    const r5 = await c.getVersioned('r5');
    await s1.close();
    const names = readdirSync(dir).filter((n) => n.startsWith('store-'));
    const snapshots = names.filter((n) => n.startsWith('store-snapshot.'));
    assert.equal(snapshots.length, 1, names.join(','));
    assert.notEqual(snapshots[0], 'store-snapshot.1.json');
    assert.ok(!names.includes('store-journal.1.jsonl'), names.join(','));
    const snapshotText = readFileSync(join(dir, snapshots[0] as string), 'utf8');
    assert.ok(!snapshotText.includes('"short"'), 'the expired record is not in the snapshot');
    const s2 = await createEmbeddedStore({ dir, clock });
    const all = await s2.collection<string>('rooms').entries();
    assert.equal(all.length, 20);
    assert.deepEqual(await s2.collection('rooms').getVersioned('r5'), { value: `value 45 ${'p'.repeat(40)}`, version: r5?.version, expiresAt: undefined });
    await s2.close();
  });

  it('when the store is reopened, then new writes get versions above every version given before, a deleted record\'s included', async () => {
    const dir = newDir();
    const s1 = await createEmbeddedStore({ dir });
    const c1 = s1.collection<string>('offers');
    await c1.put('kept', 'a');
    for (let i = 0; i < 5; i++) await c1.put('o', `offered ${i}`);
    const stale = await c1.getVersioned('o');
    assert.ok(stale);
    await c1.delete('o');
    await s1.close();
    const s2 = await createEmbeddedStore({ dir });
    const c2 = s2.collection<string>('offers');
    await c2.put('o', 'offered again');
    await c2.put('fresh', 'b');
    assert.ok(((await c2.getVersioned('o'))?.version ?? 0) > stale.version, 'the re-created record');
    assert.ok(((await c2.getVersioned('fresh'))?.version ?? 0) > stale.version, 'a new record');
    assert.equal(await c2.compareAndSet('o', stale.version, 'accepted'), false);
    await s2.close();
  });

  it('when a deleted record was compacted away before a reopen, then its versions are still never given again (the snapshot keeps the counter)', async () => {
    const dir = newDir();
    const puts = 20;
    // The journal's lines for the puts below, so that the delete after them is what starts the compaction.
    const putBytes = Array.from({ length: puts }, (_, i) => Buffer.byteLength(`${JSON.stringify([['offers', 'hot', i + 1, 0, `v${i}`]])}\n`)).reduce((x, y) => x + y);
    const s1 = await createEmbeddedStore({ dir, compactAfterBytes: putBytes });
    const c1 = s1.collection<string>('offers');
    for (let i = 0; i < puts; i++) await c1.put('hot', `v${i}`);
    const stale = await c1.getVersioned('hot');
    assert.ok(stale);
    await c1.delete('hot');
    await s1.close();
    const names = readdirSync(dir);
    assert.ok(!names.includes('store-journal.1.jsonl') && names.includes('store-snapshot.2.json'), `compacted after the delete: ${names.join(',')}`);
    assert.ok(!readFileSync(join(dir, 'store-snapshot.2.json'), 'utf8').includes('"hot"'), 'no record is left that carries the old versions');
    const s2 = await createEmbeddedStore({ dir });
    const c2 = s2.collection<string>('offers');
    await c2.put('hot', 'again');
    assert.ok(((await c2.getVersioned('hot'))?.version ?? 0) > stale.version);
    assert.equal(await c2.compareAndSet('hot', stale.version, 'x'), false);
    await s2.close();
  });

  it('when a snapshot predates the version counter (no lastVersion), then the counter resumes above its records\' versions', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'store-snapshot.1.json'), '{"format":"ofgate-store","formatVersion":1,"journal":1,"collections":{"offers":{"o":{"v":41,"d":"x"}}}}\n');
    const s = await createEmbeddedStore({ dir });
    const c = s.collection<string>('offers');
    await c.put('new', 'y');
    assert.ok(((await c.getVersioned('new'))?.version ?? 0) > 41);
    await s.close();
  });

  // What a write costs the event loop is its synchronous part (decide + encode + queue; the
  // apply after the fdatasync is a Map set and a splice): measured as CPU time, so that a loaded
  // machine (neighbours preempting us) does not count. The fdatasync itself is off the loop; its
  // wall-clock latency depends on the disk and the neighbours, so it gets only a sanity bound.
  // OFGATE_STORE_TIMINGS=1 prints the figures (including the longest event-loop block seen).
  it('when 10,000 records are held, then a write holds the event loop for at most a few ms (p99 of 200 writes: < 5 ms CPU in the loop, < 200 ms to durable)', async function () {
    this.timeout(60_000);
    const s = await createEmbeddedStore({ dir: newDir() });
    const c = s.collection<{ agent: string; load: number; tags: string[] }>('agentLoad');
    for (let b = 0; b < 10; b++) {
      await Promise.all(Array.from({ length: 1000 }, (_, i) => c.put(`agent-${b}-${i}`, { agent: `a${i}`, load: i, tags: ['x', 'y'] })));
    }
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const u0 = process.cpuUsage();
      const written = c.update(`agent-5-${i}`, (v) => v && { ...v, load: v.load + 1 });
      const u = process.cpuUsage(u0);
      cpu.push((u.user + u.system) / 1000);
      await written;
      wall.push(performance.now() - t0);
    }
    delay.disable();
    const p99 = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.99)] as number;
    if (process.env.OFGATE_STORE_TIMINGS) {
      console.log(`write in the loop: p99 ${p99(cpu).toFixed(3)} ms CPU; to durable: p99 ${p99(wall).toFixed(2)} ms; longest loop block ${(delay.max / 1e6).toFixed(2)} ms`);
    }
    assert.ok(p99(cpu) < 5, `p99 CPU in the loop per write ${p99(cpu).toFixed(3)} ms`);
    assert.ok(p99(wall) < 200, `p99 write to durable ${p99(wall).toFixed(2)} ms`);
    await s.close();
  });
});
