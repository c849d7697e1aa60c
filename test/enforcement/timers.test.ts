import { describe, expect, it, vi } from 'vitest';
import { runsEnforcementSweeper, startEnforcementTimer } from '../../src/enforcement/timers.js';

describe('the enforcement sweeper in cityloop serve', () => {
  it('runs in a single server and in worker 1 only under --workers, never with timers off', () => {
    expect(runsEnforcementSweeper({ timers: true, worker: null })).toBe(true);
    expect(runsEnforcementSweeper({ timers: true, worker: 1 })).toBe(true);
    expect(runsEnforcementSweeper({ timers: true, worker: 2 })).toBe(false);
    expect(runsEnforcementSweeper({ timers: false, worker: null })).toBe(false);
  });

  it('sweeps at once on start, logs what it raised, and keeps running after a failed sweep', async () => {
    const logger = { info: vi.fn(), error: vi.fn() };
    const sweep = vi.fn().mockRejectedValueOnce(new Error('store away')).mockResolvedValue({ warnings: 1, overdue: 0, published: 2 });
    const stop = startEnforcementTimer(sweep, logger, 5);
    await vi.waitFor(() => expect(logger.info).toHaveBeenCalledWith({ warnings: 1, overdue: 0, published: 2 }, 'enforcement sweep'));
    expect(logger.error).toHaveBeenCalledTimes(1);
    stop();
    const calls = sweep.mock.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(sweep.mock.calls.length).toBe(calls);
  });
});
