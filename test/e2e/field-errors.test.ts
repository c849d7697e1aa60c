/** Server refusals placed at the form fields they concern (web/src/model/fieldErrors.ts). No browser needed. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/model/apiError.js';
import { fieldErrorsOf } from '../../web/src/model/fieldErrors.js';

const MAP = { members: { name: 'name', grids: 'grids_key', gridCode: 'grids_key', streetCode: 'streetCode', to: 'to' }, codes: { PLAN_HOURS_INVALID: 'to' } };

describe('server refusals at their fields', () => {
  it('puts a schema refusal at the field of each member it names, a missing member as required', () => {
    const e = new ApiError(400, {
      code: 'VALIDATION_FAILED', message: '请求参数不正确：grids.0.code, name', messageEn: 'invalid',
      details: [{ in: 'body', field: 'grids.0.code', problem: 'must match pattern "^\\d{15}$"' }, { in: 'body', field: '', problem: "must have required property 'name'" }],
    });
    expect(fieldErrorsOf(e, MAP, 'zh')).toEqual({ fields: [{ name: 'grids_key', errors: ['格式不正确'] }, { name: 'name', errors: ['必填'] }], unplaced: false });
    expect(fieldErrorsOf(e, MAP, 'en').fields[1]).toEqual({ name: 'name', errors: ['Required'] });
  });

  it('puts a rule refusal at the field its code or its details name, in the user\'s language', () => {
    const hours = new ApiError(422, { code: 'PLAN_HOURS_INVALID', message: '计划的开始时间应早于结束时间', messageEn: 'The plan must start before it ends', details: { from: '18:00', to: '08:00' } });
    expect(fieldErrorsOf(hours, MAP, 'zh')).toEqual({ fields: [{ name: 'to', errors: ['计划的开始时间应早于结束时间'] }], unplaced: false });
    const grid = new ApiError(422, { code: 'PLAN_GRID_INVALID', message: '网格不存在', messageEn: 'No such grid', details: { gridCode: '350203001001001' } });
    expect(fieldErrorsOf(grid, MAP, 'en')).toEqual({ fields: [{ name: 'grids_key', errors: ['No such grid'] }], unplaced: false });
  });

  it('leaves what belongs to no field above the form', () => {
    const stale = new ApiError(409, { code: 'VERSION_CONFLICT', message: '已被他人修改', details: { expected: 1, actual: 2 } });
    expect(fieldErrorsOf(stale, MAP)).toEqual({ fields: [], unplaced: true });
    expect(fieldErrorsOf(new TypeError('offline'), MAP)).toEqual({ fields: [], unplaced: true });
  });
});
