import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Actor, Role, Scope } from '../../src/auth/model.js';
import { ACTIONS, accessFilter, authorize, can, rolesFor, type Action, type Resource } from '../../src/auth/policy.js';

const CITY: Scope = { level: 'city', code: '350200' };
const SIMING: Scope = { level: 'district', code: '350203' };
const SIMING_STREET: Scope = { level: 'street', code: '350203001' };

function actor(roles: Role[], scope: Scope = CITY, unitId: string | null = null, active = true): Actor {
  return { id: `u-${roles.join('+')}`, active, roles, unitId, scope };
}

const inspector = actor(['inspector']);
const operator = actor(['operator']);
const shiftLead = actor(['shift_lead']);
const centre = actor(['operator', 'shift_lead']);
const dispatcher = actor(['dispatcher']);
const simingDispatcher = actor(['dispatcher'], SIMING);
const streetInspector = actor(['inspector'], SIMING_STREET);
const handler = actor(['handler'], CITY, 'unit-siming-szyl');
const handlerDispatcher = actor(['handler', 'dispatcher'], CITY, 'unit-siming-szyl');
const leader = actor(['leader']);
const evaluator = actor(['evaluator']);
const admin = actor(['admin']);
const simingAdmin = actor(['admin'], SIMING);
const retired = actor(['dispatcher'], CITY, null, false);

/** A case in 思明区 中华街道, dispatched to 思明区市政园林局. */
const simingCase: Resource = { districtCode: '350203', streetCode: '350203001', unitId: 'unit-siming-szyl' };
/** A case in 湖里区, dispatched to another unit. */
const huliCase: Resource = { districtCode: '350206', streetCode: '350206002', unitId: 'unit-huli-szyl' };
const simingOtherStreet: Resource = { districtCode: '350203', streetCode: '350203005', unitId: 'unit-siming-szyl' };
const notDispatched: Resource = { districtCode: '350203', streetCode: '350203001' };
const cityWide: Resource = {};

type Row = [string, Actor, Action, Resource | undefined, 'ALLOWED' | 'FORBIDDEN_ROLE' | 'FORBIDDEN_SCOPE' | 'FORBIDDEN_UNIT'];

const rows: Row[] = [
  // who may take which case action (DESIGN.md §3)
  ['inspector reports', inspector, 'case.report', undefined, 'ALLOWED'],
  ['inspector answers an on-site check', inspector, 'case.verify_reply', simingCase, 'ALLOWED'],
  ['inspector verifies a handled case', inspector, 'case.verify', simingCase, 'ALLOWED'],
  ['inspector self-handles', inspector, 'case.self_handle', simingCase, 'ALLOWED'],
  ['inspector may not file', inspector, 'case.file', simingCase, 'FORBIDDEN_ROLE'],
  ['inspector may not close', inspector, 'case.close', simingCase, 'FORBIDDEN_ROLE'],
  ['operator accepts', operator, 'case.accept', simingCase, 'ALLOWED'],
  ['operator rejects', operator, 'case.reject', simingCase, 'ALLOWED'],
  ['operator merges duplicates', operator, 'case.merge', simingCase, 'ALLOWED'],
  ['operator sends for 核实', operator, 'case.verify_request', simingCase, 'ALLOWED'],
  ['operator sends for 核查', operator, 'case.verification_send', simingCase, 'ALLOWED'],
  ['operator asks to void', operator, 'case.void_request', simingCase, 'ALLOWED'],
  ['operator may not approve a void', operator, 'case.void_approve', simingCase, 'FORBIDDEN_ROLE'],
  ['operator may not file', operator, 'case.file', simingCase, 'FORBIDDEN_ROLE'],
  ['operator may not dispatch', operator, 'case.dispatch', simingCase, 'FORBIDDEN_ROLE'],
  ['shift lead files', shiftLead, 'case.file', simingCase, 'ALLOWED'],
  ['shift lead approves a void', shiftLead, 'case.void_approve', simingCase, 'ALLOWED'],
  ['shift lead reviews self-handling', shiftLead, 'case.self_handle_review', simingCase, 'ALLOWED'],
  ['shift lead closes', shiftLead, 'case.close', simingCase, 'ALLOWED'],
  ['shift lead may not accept', shiftLead, 'case.accept', simingCase, 'FORBIDDEN_ROLE'],
  ['operator+shift lead accepts', centre, 'case.accept', simingCase, 'ALLOWED'],
  ['operator+shift lead files', centre, 'case.file', simingCase, 'ALLOWED'],
  ['dispatcher dispatches', dispatcher, 'case.dispatch', simingCase, 'ALLOWED'],
  ['dispatcher approves a return', dispatcher, 'case.return_approve', simingCase, 'ALLOWED'],
  ['dispatcher refuses a return', dispatcher, 'case.return_refuse', simingCase, 'ALLOWED'],
  ['dispatcher grants an extension', dispatcher, 'case.extension_grant', simingCase, 'ALLOWED'],
  ['dispatcher refuses an extension', dispatcher, 'case.extension_refuse', simingCase, 'ALLOWED'],
  ['dispatcher approves a suspension', dispatcher, 'case.suspend_approve', simingCase, 'ALLOWED'],
  ['dispatcher refuses a suspension', dispatcher, 'case.suspend_refuse', simingCase, 'ALLOWED'],
  ['dispatcher resumes', dispatcher, 'case.resume', simingCase, 'ALLOWED'],
  ['dispatcher urges', dispatcher, 'case.urge', simingCase, 'ALLOWED'],
  ['dispatcher may not handle', dispatcher, 'case.handle', simingCase, 'FORBIDDEN_ROLE'],
  ['dispatcher may not ask for an extension', dispatcher, 'case.extension_request', simingCase, 'FORBIDDEN_ROLE'],
  ['leader supervises', leader, 'case.supervise', simingCase, 'ALLOWED'],
  ['leader urges', leader, 'case.urge', simingCase, 'ALLOWED'],
  ['leader may not dispatch', leader, 'case.dispatch', simingCase, 'FORBIDDEN_ROLE'],
  ['evaluator reads the evaluation', evaluator, 'evaluation.read', undefined, 'ALLOWED'],
  ['evaluator may not close', evaluator, 'case.close', simingCase, 'FORBIDDEN_ROLE'],
  // handlers act only on what is assigned to their unit
  ['handler handles a case of their unit', handler, 'case.handle', simingCase, 'ALLOWED'],
  ['handler asks to return a case of their unit', handler, 'case.return_request', simingCase, 'ALLOWED'],
  ['handler asks for an extension', handler, 'case.extension_request', simingCase, 'ALLOWED'],
  ['handler asks to suspend', handler, 'case.suspend_request', simingCase, 'ALLOWED'],
  ['handler replies to supervision', handler, 'case.supervise_reply', simingCase, 'ALLOWED'],
  ['handler reads a case of their unit', handler, 'case.read', simingCase, 'ALLOWED'],
  ['handler may not handle another unit\'s case', handler, 'case.handle', huliCase, 'FORBIDDEN_UNIT'],
  ['handler may not read another unit\'s case', handler, 'case.read', huliCase, 'FORBIDDEN_UNIT'],
  ['handler may not read an undispatched case', handler, 'case.read', notDispatched, 'FORBIDDEN_UNIT'],
  ['handler may not approve own return', handler, 'case.return_approve', simingCase, 'FORBIDDEN_ROLE'],
  ['handler+dispatcher reads any case as dispatcher', handlerDispatcher, 'case.read', huliCase, 'ALLOWED'],
  ['handler+dispatcher still handles only their unit', handlerDispatcher, 'case.handle', huliCase, 'FORBIDDEN_UNIT'],
  // geographic scope
  ['district dispatcher dispatches in the district', simingDispatcher, 'case.dispatch', simingCase, 'ALLOWED'],
  ['district dispatcher may not dispatch elsewhere', simingDispatcher, 'case.dispatch', huliCase, 'FORBIDDEN_SCOPE'],
  ['district scope follows a street code alone', simingDispatcher, 'case.dispatch', { streetCode: '350203009' }, 'ALLOWED'],
  ['district dispatcher may not act on a city-wide thing', simingDispatcher, 'case.dispatch', cityWide, 'FORBIDDEN_SCOPE'],
  ['street inspector verifies in the street', streetInspector, 'case.verify', simingCase, 'ALLOWED'],
  ['street inspector may not verify in another street', streetInspector, 'case.verify', simingOtherStreet, 'FORBIDDEN_SCOPE'],
  ['street inspector may not act on a district-wide thing', streetInspector, 'case.verify', { districtCode: '350203' }, 'FORBIDDEN_SCOPE'],
  ['role is checked before scope', simingDispatcher, 'case.close', huliCase, 'FORBIDDEN_ROLE'],
  ['city dispatcher dispatches anywhere', dispatcher, 'case.dispatch', huliCase, 'ALLOWED'],
  // administration
  ['admin manages users', admin, 'users.admin', undefined, 'ALLOWED'],
  ['admin imports grids', admin, 'geo.import', undefined, 'ALLOWED'],
  ['admin edits the catalog', admin, 'catalog.admin', undefined, 'ALLOWED'],
  ['admin edits the calendar', admin, 'calendar.admin', undefined, 'ALLOWED'],
  ['admin takes no part in cases', admin, 'case.dispatch', simingCase, 'FORBIDDEN_ROLE'],
  ['admin reads no cases', admin, 'case.read', simingCase, 'FORBIDDEN_ROLE'],
  ['district admin manages users of the district', simingAdmin, 'users.admin', { districtCode: '350203' }, 'ALLOWED'],
  ['district admin may not manage city-wide users', simingAdmin, 'users.admin', cityWide, 'FORBIDDEN_SCOPE'],
  ['dispatcher may not manage users', dispatcher, 'users.admin', undefined, 'FORBIDDEN_ROLE'],
  ['operator may not import grids', operator, 'geo.import', undefined, 'FORBIDDEN_ROLE'],
  ['everyone reads the calendar', inspector, 'calendar.read', undefined, 'ALLOWED'],
  ['a deactivated account may do nothing', retired, 'case.read', simingCase, 'FORBIDDEN_ROLE'],
];

describe('policy: who may do what, where', () => {
  it.each(rows)('%s', (_name, user, action, resource, expected) => {
    const d = can(user, action, resource);
    expect(d.allowed ? 'ALLOWED' : d.code).toBe(expected);
    if (!d.allowed) {
      expect(d.message).toMatch(/[\u4e00-\u9fff]/);
      expect(d.messageEn.length).toBeGreaterThan(0);
    }
  });

  it('names the role that granted the action, so the event can record it', () => {
    expect(can(centre, 'case.file', simingCase)).toEqual({ allowed: true, role: 'shift_lead' });
    expect(can(centre, 'case.accept', simingCase)).toEqual({ allowed: true, role: 'operator' });
    expect(can(handlerDispatcher, 'case.read', huliCase)).toEqual({ allowed: true, role: 'dispatcher' });
  });

  it('authorize throws a 403 AppError with the refusal code and returns the role otherwise', () => {
    expect(authorize(dispatcher, 'case.dispatch', simingCase)).toBe('dispatcher');
    const refusals: Array<[Actor, Action, Resource, string]> = [
      [operator, 'case.dispatch', simingCase, 'FORBIDDEN_ROLE'],
      [simingDispatcher, 'case.dispatch', huliCase, 'FORBIDDEN_SCOPE'],
      [handler, 'case.handle', huliCase, 'FORBIDDEN_UNIT'],
    ];
    for (const [user, action, resource, code] of refusals) {
      let caught: unknown;
      try {
        authorize(user, action, resource);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).kind).toBe('forbidden');
      expect((caught as AppError).code).toBe(code);
    }
  });

  it('every action is granted to at least one role', () => {
    expect(ACTIONS.filter((a) => rolesFor(a).length === 0)).toEqual([]);
  });

  it('turns the same rules into list filters', () => {
    expect(accessFilter(dispatcher, 'case.read')).toEqual({});
    expect(accessFilter(simingDispatcher, 'case.read')).toEqual({ districtCode: '350203' });
    expect(accessFilter(streetInspector, 'case.read')).toEqual({ streetCode: '350203001' });
    expect(accessFilter(handler, 'case.read')).toEqual({ unitId: 'unit-siming-szyl' });
    expect(accessFilter(handlerDispatcher, 'case.read')).toEqual({});
    expect(accessFilter(admin, 'case.read')).toBeUndefined();
  });
});
