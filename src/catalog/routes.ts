/**
 * HTTP for the catalog: classes, units and components here; the responsibility list in
 * responsibility-routes.ts. Route = authenticate → validate (schema) → authorize → one service call → present.
 * Reading needs `catalog.read`; every write needs `catalog.admin`.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { COMPONENT_STATE_LABEL, COMPONENT_STATES, UNIT_KINDS, type Category, type Component, type ComponentState, type Unit, type UnitKind } from './model.js';
import { responsibilityRoutes } from './responsibility-routes.js';

const Err = Type.Ref('Error');
const tags = ['catalog'];
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const CategoryView = Type.Object({
  code: Type.String({ description: "Public code: 'C' 部件 / 'E' 事件 + 2-digit big class + 2-digit small class", examples: ['C0101', 'E0501'] }),
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
  majorCode: Type.String(),
  minorCode: Nullable(Type.String()),
  name: Type.String(),
  version: Type.String({ description: 'Classification version of the current row', examples: ['GB/T 30428.2-2013'] }),
  local: Type.Boolean({ description: 'A city’s own class' }),
  enabled: Type.Boolean(),
  validFrom: Type.Union([Type.Number(), Type.Null()], { description: 'epoch ms from which the current name is in force' }),
  history: Type.Array(Type.Object({ name: Type.String(), validFrom: Type.Union([Type.Number(), Type.Null()]), validTo: Type.Number() }), {
    description: 'Former names, oldest first',
  }),
});

export function presentCategory(c: Category): Static<typeof CategoryView> {
  return {
    code: c.code,
    kind: c.kind,
    majorCode: c.majorCode,
    minorCode: c.minorCode,
    name: c.name,
    version: c.version,
    local: c.local,
    enabled: c.enabled,
    validFrom: c.validFrom,
    history: c.history.map((h) => ({ name: h.name, validFrom: h.validFrom, validTo: h.validTo })),
  };
}

const UnitKindSchema = Type.Unsafe<UnitKind>(Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))));
const UnitView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: UnitKindSchema,
  parentCode: Nullable(Type.String()),
  districtCode: Nullable(Type.String()),
  streetCode: Nullable(Type.String()),
  duty: Nullable(Type.String()),
  active: Type.Boolean(),
});

export function presentUnit(u: Unit): Static<typeof UnitView> {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.parentCode,
    districtCode: u.districtCode,
    streetCode: u.streetCode,
    duty: u.duty,
    active: u.active,
  };
}

const StateSchema = Type.Unsafe<ComponentState>(
  Type.Union(COMPONENT_STATES.map((s) => Type.Literal(s)), {
    description: COMPONENT_STATES.map((s) => `${s} ${COMPONENT_STATE_LABEL[s]}`).join(' | '),
  }),
);
const ComponentView = Type.Object({
  id: Type.String(),
  objectCode: Type.String({ description: '部件标识码: 6 district + 2 big + 2 small + 6 serial', examples: ['3502030101000001'] }),
  categoryCode: Type.String(),
  districtCode: Type.String(),
  name: Type.String(),
  lon: Type.Number({ description: 'WGS-84' }),
  lat: Type.Number({ description: 'WGS-84' }),
  gridCode: Nullable(Type.String()),
  state: StateSchema,
  stateLabel: Type.String(),
  ownerUnitCode: Nullable(Type.String()),
  maintainerUnitCode: Nullable(Type.String()),
  address: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

export function presentComponent(c: Component): Static<typeof ComponentView> {
  return {
    id: c.id,
    objectCode: c.objectCode,
    categoryCode: c.categoryCode,
    districtCode: c.districtCode,
    name: c.name,
    lon: c.lon,
    lat: c.lat,
    gridCode: c.gridCode,
    state: c.state,
    stateLabel: COMPONENT_STATE_LABEL[c.state],
    ownerUnitCode: c.ownerUnitCode,
    maintainerUnitCode: c.maintainerUnitCode,
    address: c.address,
    note: c.note,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

const CodeParam = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const OptText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

export async function catalogRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { catalog } = ctx;

  // ----- classes
  app.get(
    '/api/v1/catalog/categories',
    {
      schema: {
        tags,
        summary: 'List or search classes 部件/事件分类 (class picker)',
        description: 'q matches a code (C0101, 0101, E05) or a current or former name. Without q: every enabled class in code order.',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 40 })),
          kind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('event')])),
          smallOnly: Type.Optional(Type.Boolean()),
          includeDisabled: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(CategoryView) }), 401: Err, 403: Err },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      const items = await catalog.listCategories(req.query);
      return { items: items.map(presentCategory) };
    },
  );

  app.get(
    '/api/v1/catalog/categories/:code',
    { schema: { tags, summary: 'One class with its name history', params: CodeParam, response: { 200: CategoryView, 401: Err, 403: Err, 404: Err } } },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      return presentCategory(await catalog.getCategory(req.params.code));
    },
  );

  app.post(
    '/api/v1/catalog/categories',
    {
      schema: {
        tags,
        summary: 'Add a local class 本地扩展分类 (big class ≥ 21, or small class ≥ 90 in a standard big class)',
        body: Type.Object(
          {
            code: Type.String({ minLength: 3, maxLength: 5, examples: ['E2106', 'E0597', 'C22'] }),
            name: Type.String({ minLength: 1, maxLength: 40 }),
            version: Type.Optional(Type.String({ maxLength: 40, description: "The city's classification version (default 'local')" })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CategoryView, 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'catalog.admin', CITY_WIDE);
      const c = await catalog.createLocalCategory(req.body, user.id);
      return reply.code(201).send(presentCategory(c));
    },
  );

  app.patch(
    '/api/v1/catalog/categories/:code',
    {
      schema: {
        tags,
        summary: 'Rename (the code stays, the old name goes to history) or enable/disable a class',
        params: CodeParam,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })), enabled: Type.Optional(Type.Boolean()), version: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: CategoryView, 400: Err, 401: Err, 403: Err, 404: Err },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'catalog.admin', CITY_WIDE);
      return presentCategory(await catalog.updateCategory(req.params.code, req.body, user.id));
    },
  );

  // ----- units
  const UnitBody = {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: UnitKindSchema,
    parentCode: OptText(32),
    districtCode: OptText(6),
    streetCode: OptText(9),
    duty: OptText(30),
    active: Type.Optional(Type.Boolean()),
  };

  app.get(
    '/api/v1/catalog/units',
    {
      schema: {
        tags,
        summary: 'List units 责任单位',
        querystring: Type.Object({
          kind: Type.Optional(UnitKindSchema),
          districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          active: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 60, description: 'part of the code or name' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(UnitView) }), 401: Err, 403: Err },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      return { items: (await catalog.listUnits(req.query)).map(presentUnit) };
    },
  );

  app.get(
    '/api/v1/catalog/units/:code',
    { schema: { tags, summary: 'One unit, by code or id', params: CodeParam, response: { 200: UnitView, 401: Err, 403: Err, 404: Err } } },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      return presentUnit(await catalog.getUnit(req.params.code));
    },
  );

  app.post(
    '/api/v1/catalog/units',
    {
      schema: {
        tags,
        summary: 'Create a unit',
        body: Type.Object({ code: Type.String({ minLength: 2, maxLength: 32 }), ...UnitBody }, { additionalProperties: false }),
        response: { 201: UnitView, 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
      },
    },
    async (req, reply) => {
      authorize(requireUser(req), 'catalog.admin', CITY_WIDE);
      return reply.code(201).send(presentUnit(await catalog.createUnit(req.body)));
    },
  );

  app.patch(
    '/api/v1/catalog/units/:code',
    {
      schema: {
        tags,
        summary: 'Change a unit (the code stays); active=false retires it',
        params: CodeParam,
        body: Type.Object(
          { ...UnitBody, name: Type.Optional(UnitBody.name), kind: Type.Optional(UnitKindSchema) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UnitView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'catalog.admin', CITY_WIDE);
      return presentUnit(await catalog.updateUnit(req.params.code, req.body));
    },
  );

  // ----- components
  app.get(
    '/api/v1/catalog/components',
    {
      schema: {
        tags,
        summary: 'List components 部件',
        querystring: Type.Object({
          categoryCode: Type.Optional(Type.String({ maxLength: 5 })),
          districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          gridCode: Type.Optional(Type.String({ pattern: '^\\d{15}$' })),
          state: Type.Optional(StateSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ComponentView), total: Type.Integer() }), 401: Err, 403: Err },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      const r = await catalog.listComponents(req.query);
      return { items: r.items.map(presentComponent), total: r.total };
    },
  );

  app.get(
    '/api/v1/catalog/components/:code',
    { schema: { tags, summary: 'One component, by 16-digit object code or id', params: CodeParam, response: { 200: ComponentView, 401: Err, 403: Err, 404: Err } } },
    async (req) => {
      authorize(requireUser(req), 'catalog.read');
      return presentComponent(await catalog.getComponent(req.params.code));
    },
  );

  app.post(
    '/api/v1/catalog/components',
    {
      schema: {
        tags,
        summary: 'Register a component 部件登记',
        description: 'Give objectCode (16 digits), or categoryCode + districtCode and the next serial is assigned.',
        body: Type.Object(
          {
            objectCode: Type.Optional(Type.String({ maxLength: 16 })),
            categoryCode: Type.Optional(Type.String({ maxLength: 5 })),
            districtCode: Type.Optional(Type.String({ maxLength: 6 })),
            name: Type.Optional(Type.String({ maxLength: 60 })),
            lon: Type.Number({ description: 'WGS-84 longitude' }),
            lat: Type.Number({ description: 'WGS-84 latitude' }),
            gridCode: OptText(15),
            state: Type.Optional(StateSchema),
            ownerUnitCode: OptText(32),
            maintainerUnitCode: OptText(32),
            address: OptText(200),
            note: OptText(500),
          },
          { additionalProperties: false },
        ),
        response: { 201: ComponentView, 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
      },
    },
    async (req, reply) => {
      authorize(requireUser(req), 'catalog.admin', CITY_WIDE);
      return reply.code(201).send(presentComponent(await catalog.registerComponent(req.body)));
    },
  );

  await responsibilityRoutes(app, ctx);
}
