import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { LoggingSmsNotifier } from '../../src/notify/service.js';

function capture(level: string) {
  const lines: Array<{ level: number; msg: string; count?: number }> = [];
  const out = new Writable({ write(chunk: Buffer, _e, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
  return { lines, logger: pino({ level }, out) };
}

const audience = { role: 'handler', unitId: 'u1', userId: null, districtCode: '350203', streetCode: '350203001' };

describe('the demo SMS gateway log', () => {
  it('says a burst of texts in one line and a count, not a line per text', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { lines, logger } = capture('info');
      const gw = new LoggingSmsNotifier(logger, 60_000);
      for (let i = 0; i < 300; i++) await gw.send({ audience, text: `【城市运管服】红灯超时：${i}`, caseId: `c${i}` });
      await new Promise((r) => setImmediate(r));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.msg).toMatch(/SMS logged, not sent/);
      vi.advanceTimersByTime(60_000);
      await new Promise((r) => setImmediate(r));
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatchObject({ count: 299 });
      // Quiet afterwards; the next text is said again on its own.
      vi.advanceTimersByTime(120_000);
      await gw.send({ audience, text: 'x', caseId: 'c' });
      await new Promise((r) => setImmediate(r));
      expect(lines).toHaveLength(3);
      expect(gw.sent).toHaveLength(301);
      gw.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows each text at debug level', async () => {
    const { lines, logger } = capture('debug');
    const gw = new LoggingSmsNotifier(logger);
    for (let i = 0; i < 3; i++) await gw.send({ audience, text: `t${i}`, caseId: `c${i}` });
    await new Promise((r) => setImmediate(r));
    expect(lines.filter((l) => l.level === 20)).toHaveLength(3);
    gw.close();
  });
});
