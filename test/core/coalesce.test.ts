import { describe, expect, it } from 'vitest';
import { coalesceKeys, coalesceRead } from '../../src/core/coalesce.js';
import { describeStores, openSecond } from '../helpers/stores.js';

describe('coalesced reads (src/core/coalesce.ts)', () => {
  it('answers the questions of one turn with one read, each with its own answer', async () => {
    const loads: string[][] = [];
    const get = coalesceKeys<string, number>(async (keys) => {
      loads.push([...keys]);
      return new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length]));
    });
    const answers = await Promise.all([get('a'), get('bbb'), get('a'), get('none')]);
    expect(answers).toEqual([1, 3, 1, undefined]);
    expect(loads).toEqual([['a', 'bbb', 'none']]);
  });

  it('never lets a caller join a read already sent: it waits for the next one, so it sees what was written before it asked', async () => {
    let stored = 1;
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const read = coalesceRead(async () => {
      reads += 1;
      const seen = stored;
      if (reads === 1) await gate;
      return seen;
    });
    const first = read();
    await new Promise((r) => setImmediate(r)); // the first read is now in flight (it read 1)
    stored = 2; // another process writes
    const second = read(); // asked after the write
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(reads).toBe(2);
  });

  it('fails every caller of a read that fails, and the next turn reads again', async () => {
    let fail = true;
    const get = coalesceKeys<string, string>(async (keys) => {
      if (fail) throw new Error('store down');
      return new Map(keys.map((k) => [k, k]));
    });
    await expect(Promise.all([get('a'), get('b')])).rejects.toThrow('store down');
    fail = false;
    expect(await get('a')).toBe('a');
  });
});

describeStores('the close guard across processes', (get) => {
  it('holds a city case open for a penalty case another process opened from it, and lets the others close', async () => {
    const { ctx } = get();
    const other = await openSecond(get());
    try {
      await other.enforcement.openClue({ source: 'case', cityCaseId: 'city-case-held', summary: '案卷转执法', address: '思明区' });
      // Asked together (one read for the turn), each answered for its own case.
      const [held, free] = await Promise.all([ctx.enforcement.closeBlocker('city-case-held'), ctx.enforcement.closeBlocker('city-case-free')]);
      expect(held).toMatchObject({ details: { penaltyCases: [expect.objectContaining({ state: 'clue' })] } });
      expect(free).toBeNull();
    } finally {
      await other.close();
    }
  });
});
