/**
 * The body check every action gets from its declaration, for the HTTP API and the programmatic API
 * alike: the body must fit the declared schema (400 VALIDATION_FAILED listing the members, or the
 * member's declared refusal), and required members must be there (422 `<MEMBER>_REQUIRED`, or the
 * declared refusal). Validators are compiled once per declaration. Pure apart from the compile cache.
 */
import { Compile } from 'typebox/compile';
import { Type, type TObject } from 'typebox';
import { AppError, badRequest, unprocessable } from '../core/errors.js';
import type { ActionDeclaration } from './actions.js';

type Validator = ReturnType<typeof Compile<TObject>>;
const compiled = new WeakMap<TObject, { shape: Validator; required: readonly string[] }>();

/** The declared schema without its required list: what a body may hold, not what it must. */
function shapeOf(body: TObject): TObject {
  const { required: _required, ...rest } = body as TObject & { required?: string[] };
  return Type.Unsafe<Record<string, unknown>>(rest) as unknown as TObject;
}

function validatorsOf(body: TObject) {
  let v = compiled.get(body);
  if (!v) {
    v = { shape: Compile(shapeOf(body)), required: body.required ?? [] };
    compiled.set(body, v);
  }
  return v;
}

const SNAKE = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const missing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Checks a body against an action's declaration; returns it as given (a copy the caller may normalise). */
export function checkBody<B extends object>(name: string, d: Pick<ActionDeclaration, 'body' | 'refusals' | 'zh' | 'oneOf'>, raw: unknown): B {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw badRequest('VALIDATION_FAILED', '请求内容应为对象', 'The body must be an object');
  }
  const body = (raw ?? {}) as Record<string, unknown>;
  const v = validatorsOf(d.body);
  if (!v.shape.Check(body)) {
    const errors = v.shape.Errors(body) as Array<{ instancePath: string; message: string; keyword: string; params?: { additionalProperties?: string[] } }>;
    for (const e of errors) {
      const member = e.instancePath.split('/')[1];
      const r = member ? d.refusals?.[member] : undefined;
      if (r) throw unprocessable(r.code, r.zh, r.en, { field: member });
    }
    const details = errors.filter((e) => e.keyword !== 'boolean').map((e) => ({
      in: 'body', field: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.params?.additionalProperties ?? []).join(','), problem: e.message,
    }));
    throw new AppError({
      code: 'VALIDATION_FAILED', kind: 'invalid', message: `请求参数不正确：${details.map((x) => x.field || 'body').join(', ')}`,
      messageEn: `The ${name} body is invalid: ${details.map((x) => `${x.field || 'body'} ${x.problem}`).join('; ')}`, details,
    });
  }
  for (const member of v.required) {
    if (!missing(body[member])) continue;
    const r = d.refusals?.[member];
    if (r) throw unprocessable(r.code, r.zh, r.en, { field: member });
    const title = (d.body.properties[member] as { title?: string } | undefined)?.title ?? member;
    throw unprocessable(`${SNAKE(member)}_REQUIRED`, `${d.zh}：请填写${title}`, `${name} needs ${member}`, { field: member });
  }
  for (const group of d.oneOf ?? []) {
    if (!group.every((m) => missing(body[m]))) continue;
    const r = d.refusals?.[group[0]!];
    if (r) throw unprocessable(r.code, r.zh, r.en, { field: group[0] });
    throw unprocessable(`${SNAKE(group[0]!)}_REQUIRED`, `${d.zh}：请填写${group.join('或')}`, `${name} needs one of ${group.join(', ')}`, { field: group[0] });
  }
  return { ...body } as B;
}
