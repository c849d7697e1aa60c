import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BASE_ACTIONS, ROLE_ACTIONS, rolesFor, type Action } from '../../src/auth/policy.js';
import { ROLE_CODES } from '../../src/auth/roles.js';
import { ACTION_SPECS, CASE_ACTIONS } from '../../src/cases/lifecycle.js';
import { checkBody } from '../../src/cases/bodies.js';
import { WORKFLOW_DECLARATIONS } from '../../src/workflows.js';
import { bodyMembers, type Declarations } from '../../src/workflow/actions.js';
import { AppError } from '../../src/core/errors.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/** Every declared action with the permissions it needs. */
const declared = WORKFLOW_DECLARATIONS.flatMap((w) => Object.entries(w as Declarations).map(([name, d]) => ({ name, d, permissions: [d.permission, ...(d.also ?? [])] })));

describe('the policy table and the workflow declarations', () => {
  it('grant each declared permission to exactly the roles of the actions that need it', () => {
    const byPermission = new Map<string, Set<string>>();
    for (const { d, permissions } of declared) {
      for (const p of permissions) {
        const roles = byPermission.get(p) ?? new Set<string>();
        for (const r of d.roles) roles.add(r);
        byPermission.set(p, roles);
      }
    }
    for (const [p, roles] of byPermission) expect(new Set(rolesFor(p as Action)), p).toEqual(roles);
  });

  it('grant no workflow permission that no declared action needs', () => {
    const needed = new Set(declared.flatMap((x) => x.permissions));
    const base = new Set<string>(BASE_ACTIONS);
    for (const r of ROLE_CODES) {
      for (const a of ROLE_ACTIONS[r]) expect(base.has(a) || needed.has(a), `${r}: ${a}`).toBe(true);
    }
    expect([...ACTIONS].sort()).toEqual([...new Set([...base, ...needed])].sort());
  });

  it('let every role a declaration names take that action, and no other role', () => {
    for (const { name, d } of declared) {
      for (const r of ROLE_CODES) {
        expect(ROLE_ACTIONS[r].includes(d.permission as Action), `${name} by ${r}`).toBe((d.roles as readonly string[]).includes(r));
      }
    }
  });
});

describe('the body check derived from a declaration', () => {
  it('refuses a body without a required member with 422 and names the member', () => {
    for (const a of CASE_ACTIONS) {
      for (const m of bodyMembers(ACTION_SPECS[a]).filter((x) => x.required)) {
        let refusal: unknown;
        try {
          checkBody(a, {});
        } catch (e) {
          refusal = e;
        }
        expect(refusal, `${a} without ${m.name}`).toBeInstanceOf(AppError);
        expect((refusal as AppError).kind, `${a} without ${m.name}`).toBe('unprocessable');
        expect((refusal as AppError).details, `${a} without ${m.name}`).toHaveProperty('field');
      }
    }
  });

  it('refuses members the action does not declare with VALIDATION_FAILED, listing them', () => {
    expect(() => checkBody('accept', { level: 2 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', kind: 'invalid' }));
    expect(() => checkBody('supervise', { level: 2, opinion: '请尽快处置' })).not.toThrow();
    expect(() => checkBody('supervise', { level: 7, opinion: '请尽快处置' })).toThrow(expect.objectContaining({ code: 'SUPERVISION_LEVEL_INVALID' }));
  });
});

describe('the HTTP routes derived from the declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('document each action at its own path with the body it needs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const a of CASE_ACTIONS) expect(doc.paths[`/api/v1/cases/{id}/actions/${a}`], a).toBeDefined();
    const bodyOf = (a: string) => doc.paths[`/api/v1/cases/{id}/actions/${a}`].post.requestBody.content['application/json'].schema;
    expect(bodyOf('handle').required).toEqual(expect.arrayContaining(['version', 'photos', 'note']));
    expect(bodyOf('supervise').required).toEqual(expect.arrayContaining(['version', 'level', 'opinion']));
    expect(bodyOf('supervise').properties.level.anyOf.map((x: { const?: number; enum?: number[] }) => x.const ?? x.enum?.[0])).toEqual([1, 2, 3]);
    expect(bodyOf('accept').required).toEqual(['version']);
    expect(doc.paths['/api/v1/cases/{id}/actions/dispatch'].post.summary).toContain('派遣');
  });
});
