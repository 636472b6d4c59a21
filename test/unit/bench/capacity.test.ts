import assert from 'node:assert/strict';
import { boundBy } from '../../../bench/bound-by.js';
import { parseSeqBody, seqBody } from '../../../bench/message-seq.js';
import { maxStreams } from '../../../bench/open-file-limit.js';
import type { CpuReport } from '../../../bench/proc-cpu.js';

const cpu = (perProcess: Record<string, number>, machine: number, others = 0): CpuReport => ({ seconds: 1, cores: 2, perProcess, machine, others });

describe('bench capacity and attribution', () => {
  it('when the open-file limit is 20000, then two sockets per stream allow 9000 (the cap) and three allow 6500', () => {
    assert.equal(maxStreams(20000, 2, 300, 9000), 9000);
    assert.equal(maxStreams(20000, 3, 300, 9000), 6500);
    assert.equal(maxStreams(1024, 2, 300, 9000), 300);
    assert.equal(maxStreams(200, 2, 300, 9000), 0);
    assert.equal(maxStreams(Number.POSITIVE_INFINITY, 2, 300, 9000), 9000);
  });

  it('when both cores are busy, then the machine is named with the biggest user', () => {
    assert.match(boundBy(cpu({ ofgate: 60, ejabberd: 120, generator: 15 }, 97), ['ofgate', 'generator']), /^the machine \(97% of 2 cores busy, most by ejabberd\)/);
  });

  it('when one Node thread is at a full core but the machine is not, then that process is named', () => {
    assert.match(boundBy(cpu({ ofgate: 99, ejabberd: 40, generator: 10 }, 75), ['ofgate', 'generator']), /^ofgate CPU \(one JS thread saturated\)/);
  });

  it('when nothing is saturated, then a closed-loop figure is called concurrency/latency-bound and a paced one is not', () => {
    assert.match(boundBy(cpu({ ejabberd: 30 }, 20, 5), []), /^no CPU saturated \(machine 20% busy\): concurrency\/latency-bound: .*others 5%/);
    assert.match(boundBy(cpu({ ejabberd: 30 }, 20, 5), [], 'paced'), /^no CPU saturated \(machine 20% busy\): ejabberd 30%/);
  });

  it('when ejabberd uses over a core while cores stay idle, then ejabberd is named as serialized inside', () => {
    assert.match(boundBy(cpu({ ejabberd: 147, generator: 5 }, 83), { single: ['generator'], multi: ['ejabberd'] }), /^ejabberd \(over a core busy with cores left idle/);
  });

  it('when a body carries a sequence number, then it reads back; other bodies are ignored', () => {
    assert.equal(parseSeqBody(seqBody(42)), 42);
    assert.equal(parseSeqBody('hello'), undefined);
    assert.equal(parseSeqBody('m'), undefined);
    assert.equal(parseSeqBody('m1.5'), undefined);
    assert.equal(parseSeqBody(null), undefined);
  });
});
