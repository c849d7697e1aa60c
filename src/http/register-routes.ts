/**
 * HTTP for a city's registers as files (the admin console's 城市数据 tab): templates with the Chinese
 * column names, export, and import with the same all-or-nothing rule as the CLI (src/registers.ts).
 */
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, type Action } from '../auth/policy.js';
import { REGISTER_KINDS, REGISTER_NAMES, exportRegister, importRegister, registerTemplate, requireKind, type RegisterKind } from '../registers.js';
import { requireUser } from './auth-hook.js';
import type { Api } from './types.js';
import { acceptSheetBodies, attachment, uploadedFile } from './sheet-upload.js';

const Err = Type.Ref('Error');
const tags = ['registers'];
const Format = Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }));
const KindParam = Type.Object({ kind: Type.String({ enum: [...REGISTER_KINDS], description: REGISTER_KINDS.join(', ') }) });

/** Who may load or read each register. */
const ACTION: Record<RegisterKind, Action> = {
  grids: 'geo.import',
  units: 'catalog.admin',
  users: 'users.admin',
  responsibility: 'catalog.admin',
  classes: 'catalog.admin',
  components: 'catalog.admin',
  holidays: 'calendar.admin',
  benchmark: 'enforcement.admin',
};



export async function registerRoutes(parent: Api, ctx: AppContext): Promise<void> {
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    acceptSheetBodies(app, ['application/geo+json']);

    app.get(
      '/api/v1/admin/registers',
      {
        schema: {
          tags,
          summary: 'The registers a city loads from files, with their names',
          response: { 200: Type.Object({ items: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), nameEn: Type.String(), formats: Type.Array(Type.String()) })) }), 401: Err },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: REGISTER_KINDS.map((k) => ({ kind: k, name: REGISTER_NAMES[k].zh, nameEn: REGISTER_NAMES[k].en, formats: k === 'grids' ? ['geojson'] : ['xlsx', 'csv'] })) };
      },
    );

    app.get(
      '/api/v1/admin/registers/:kind/template',
      { schema: { tags, summary: 'An empty file to fill in: Chinese column names and one example row', params: KindParam, querystring: Type.Object({ format: Format }), response: { 400: Err, 401: Err, 403: Err } } },
      async (req, reply) => {
        const kind = requireKind(req.params.kind);
        authorize(requireUser(req), ACTION[kind]);
        const f = await registerTemplate(kind, req.query.format ?? 'xlsx');
        return reply.header('content-type', f.contentType).header('content-disposition', attachment(f.filename, `${REGISTER_NAMES[kind].zh}模板.${f.filename.split('.').pop()}`)).send(f.body);
      },
    );

    app.get(
      '/api/v1/admin/registers/:kind/export',
      {
        schema: {
          tags,
          summary: 'The register as a file (the columns the import reads; never passwords)',
          params: KindParam,
          querystring: Type.Object({ format: Format, year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2099 })) }),
          response: { 400: Err, 401: Err, 403: Err },
        },
      },
      async (req, reply) => {
        const kind = requireKind(req.params.kind);
        authorize(requireUser(req), ACTION[kind]);
        const f = await exportRegister(ctx, kind, req.query.format ?? 'xlsx', req.query.year ? { year: req.query.year } : {});
        return reply.header('content-type', f.contentType).header('content-disposition', attachment(f.filename, `${REGISTER_NAMES[kind].zh}.${f.filename.split('.').pop()}`)).send(f.body);
      },
    );

    app.post(
      '/api/v1/admin/registers/:kind/import',
      {
        schema: {
          tags,
          summary: 'Import a register from a file, all or nothing',
          description: 'multipart/form-data with one file, or the raw file. Any bad row: 422 with details.errors [{row, column, message, messageEn}] and nothing imported.',
          params: KindParam,
          querystring: Type.Object({ replace: Type.Optional(Type.Boolean({ description: 'grids: replace the geography; responsibility: the file is the whole list (default true for it)' })) }),
          response: { 200: Type.Record(Type.String(), Type.Unknown()), 400: Err, 401: Err, 403: Err, 413: Err, 415: Err, 422: Err },
        },
      },
      async (req) => {
        const kind = requireKind(req.params.kind);
        authorize(requireUser(req), ACTION[kind]);
        const file = await uploadedFile(req);
        return importRegister(ctx, kind, file.body, { filename: file.filename, replace: req.query.replace });
      },
    );
  });
}
