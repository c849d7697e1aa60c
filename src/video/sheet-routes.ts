/** The camera register as files: template, export (XLSX or CSV) and import with row errors (all or nothing). */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { acceptSheetBodies, attachment, uploadedFile } from '../http/sheet-upload.js';
import { authorize } from '../auth/policy.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable } from '../core/sheet-files.js';
import { importRefused, tableOf, templateOf } from '../core/sheet-table.js';
import { CAMERA_COLUMNS, cameraRows, parseCameraRows } from './camera-sheet.js';

const Err = Type.Ref('Error');
const tags = ['video'];
const Format = Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }));

export async function cameraSheetRoutes(parent: Api, ctx: AppContext): Promise<void> {
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    acceptSheetBodies(app);

    app.get('/api/v1/video/cameras/export', {
      schema: {
        tags, summary: '导出摄像头登记（XLSX/CSV；template=true 为空模板） · The camera register as a file',
        description: 'The cameras in your area with their algorithms (`CODE@HH:MM-HH:MM#confidence; …`), regions (JSON) and art. 41 review.',
        querystring: Type.Object({ format: Format, template: Type.Optional(Type.Boolean()) }), response: { 400: Err, 401: Err, 403: Err },
      },
    }, async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'video.admin');
      const format = req.query.format ?? 'xlsx';
      const rows = req.query.template ? templateOf(CAMERA_COLUMNS) : tableOf(CAMERA_COLUMNS, cameraRows(ctx.video.cameras(user)));
      const body = await writeTable(rows, format, '摄像头登记');
      const name = req.query.template ? '摄像头登记模板' : '摄像头登记';
      return reply.header('content-type', CONTENT_TYPE[format]).header('content-disposition', attachment(`cameras.${format}`, `${name}.${format}`)).send(body);
    });

    app.post('/api/v1/video/cameras/import', {
      schema: {
        tags, summary: '导入摄像头登记（全部成功才导入；逐行报错） · Import cameras (all or nothing, row errors)',
        description: 'XLSX or CSV (raw body or multipart). Rows whose review columns are all empty keep an existing camera’s art. 41 review.',
        response: { 200: Type.Object({ created: Type.Array(Type.String()), updated: Type.Array(Type.String()) }), 400: Err, 401: Err, 403: Err, 422: Err },
      },
    }, async (req) => {
      const user = requireUser(req);
      authorize(user, 'video.admin');
      const file = await uploadedFile(req);
      const table = await readTable(file.body, detectFormat(file.body, { filename: file.filename, contentType: file.contentType }));
      const parsed = parseCameraRows(table);
      if (parsed.errors.length) throw importRefused('VIDEO_CAMERA_IMPORT_INVALID', parsed.errors, { zh: '摄像头', en: 'cameras' });
      return ctx.video.importCameras(user, parsed.items, parsed.rowOf);
    });
  });
}
