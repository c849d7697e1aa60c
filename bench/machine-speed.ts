/**
 * How fast this machine is at this minute, by a fixed piece of work of the kind a case write does in
 * Node: hashing short texts, JSON out and back, allocating small objects, and system calls (which cost
 * 3× more on some of the VMs these benches run on than on others). The same code, on the same Node,
 * takes the same instructions on every machine, so its time tells machines — and one machine's
 * minutes — apart: a lifecycle figure is read against the reference taken in the same run.
 * Each part: the best of three rounds, in milliseconds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export interface MachineSpeed {
  /** SHA-256 of 100 000 texts of ≈ 200 characters. */
  hashMs: number;
  /** JSON.stringify and JSON.parse of 20 000 case-like objects. */
  jsonMs: number;
  /** 50 000 fstat system calls. */
  syscallMs: number;
  /** The three together: compare this one. */
  totalMs: number;
  loadAverage: number[];
}

const best = (f: () => void): number => {
  let min = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(min * 10) / 10;
};

/** Results folded in here, so the work cannot be optimised away. */
let _sink = 0;

export function machineSpeed(): MachineSpeed {
  const text = 'case 350203202603020001 reported at 2026-03-02T09:00:00+08:00 by inspector, class E0110 道路破损, grid 350203001001001, lon 118.0894 lat 24.4798 — ';
  const hashMs = best(() => {
    for (let i = 0; i < 100_000; i++) _sink ^= crypto.createHash('sha256').update(text + i).digest()[0]!;
  });
  const jsonMs = best(() => {
    for (let i = 0; i < 20_000; i++) {
      const o = { id: `01a2-${i}`, code: `3502032026030200${i}`, status: 'dispatched', version: i & 15, photos: ['a', 'b'], unit: { id: 'u1', code: 'U1', name: '思明区市政园林局' }, at: 1772413200000 + i, note: text };
      _sink ^= (JSON.parse(JSON.stringify(o)) as { version: number }).version;
    }
  });
  const fd = fs.openSync(os.tmpdir(), 'r');
  let syscallMs: number;
  try {
    syscallMs = best(() => {
      for (let i = 0; i < 50_000; i++) _sink ^= fs.fstatSync(fd).nlink;
    });
  } finally {
    fs.closeSync(fd);
  }
  return { hashMs, jsonMs, syscallMs, totalMs: Math.round((hashMs + jsonMs + syscallMs) * 10) / 10, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) };
}
