import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_KINDS, conflict, locked, notFound } from '../../src/core/errors.js';
import { STATUS_OF_KIND, toErrorResponse } from '../../src/http/errors.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.m?ts$/.test(e.name) ? [p] : [];
  });
}

describe('error kinds and HTTP statuses', () => {
  it('gives every kind of refusal a client-error status in the HTTP layer', () => {
    for (const kind of ERROR_KINDS) {
      const r = toErrorResponse(new AppError({ code: 'X', kind, message: '拒绝', messageEn: 'refused' }));
      expect(r.status, kind).toBe(STATUS_OF_KIND[kind]);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body).toEqual({ code: 'X', message: '拒绝', messageEn: 'refused' });
    }
    expect(toErrorResponse(conflict('CASE_VERSION_CONFLICT', '版本冲突', 'stale')).status).toBe(409);
    expect(toErrorResponse(locked('AUTH_LOCKED', '已锁定', 'locked')).status).toBe(423);
    expect(toErrorResponse(notFound('CASE_NOT_FOUND', '不存在', 'no such case', { caseId: 'c' })).body.details).toEqual({ caseId: 'c' });
  });

  it('keeps HTTP status codes out of models, repositories and services', () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    const offenders: string[] = [];
    for (const f of sources(root)) {
      // Our HTTP layer maps kinds to statuses; an outbound client (`*-client.ts`) reads another server's answers.
      if (f.startsWith(path.join(root, 'http') + path.sep) || f.endsWith('routes.ts') || /-(routes|client)\.ts$/.test(f)) continue;
      const text = fs.readFileSync(f, 'utf8');
      if (/\bstatus(Code)?:\s*[45]\d\d\b|\.status\s*===?\s*[45]\d\d\b/.test(text)) offenders.push(path.relative(root, f));
    }
    expect(offenders).toEqual([]);
  });
});
