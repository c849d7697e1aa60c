import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';

describe('configuration', () => {
  it('defaults to a SQLite file under data/ on port 8080 in demo mode', () => {
    const c = loadConfig({});
    expect(c.dialect).toBe('sqlite');
    expect(c.databaseUrl).toBe(`sqlite:${path.resolve('data', 'cityloop.sqlite')}`);
    expect(c.port).toBe(8080);
    expect(c.demo).toBe(true);
  });

  it('switches to PostgreSQL for a postgres:// URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/x' });
    expect(c.dialect).toBe('postgres');
  });

  it('refuses to start with a readable list of every bad value', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CITYLOOP_DEMO: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/CITYLOOP_DEMO/);
    expect((err as ConfigError).message).toMatch(/配置有误/);
  });
});
