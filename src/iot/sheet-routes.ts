/** The device register as files: template, export (XLSX or CSV) and import with row errors (all or nothing). */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { authorize } from '../auth/policy.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable } from '../core/sheet-files.js';
import { importRefused, tableOf, templateOf } from '../core/sheet-table.js';
import { DEVICE_COLUMNS, deviceRows, parseDeviceRows } from './device-sheet.js';
import { acceptSheetBodies, attachment, uploadedFile } from '../http/sheet-upload.js';

const Err = Type.Ref('Error');
const tags = ['iot'];
const Format = Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }));


export async function deviceSheetRoutes(parent: Api, ctx: AppContext): Promise<void> {
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    acceptSheetBodies(app);

    app.get('/api/v1/devices/export', {
      schema: { tags, summary: '导出设备台账（XLSX/CSV；template=true 为空模板） · The device register as a file', querystring: Type.Object({ format: Format, template: Type.Optional(Type.Boolean()) }), response: { 400: Err, 401: Err, 403: Err } },
    }, async (req, reply) => {
      const user = requireUser(req);
      const format = req.query.format ?? 'xlsx';
      const rows = req.query.template ? templateOf(DEVICE_COLUMNS) : tableOf(DEVICE_COLUMNS, deviceRows(ctx.iot.devicesInScope(user)));
      const body = await writeTable(rows, format, '感知设备');
      return reply.header('content-type', CONTENT_TYPE[format]).header('content-disposition', attachment(`devices.${format}`, `感知设备.${format}`)).send(body);
    });

    app.post('/api/v1/devices/import', {
      schema: {
        tags, summary: '导入设备台账（全部成功才导入；逐行报错；新设备密钥仅此一次） · Import devices (all or nothing, row errors)',
        response: { 200: Type.Object({ created: Type.Array(Type.Object({ id: Type.String(), secret: Type.String() })), updated: Type.Array(Type.String()) }), 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
      },
    }, async (req) => {
      const user = requireUser(req);
      authorize(user, 'iot.admin');
      const file = await uploadedFile(req);
      const table = await readTable(file.body, detectFormat(file.body, { filename: file.filename, contentType: req.headers['content-type'] }));
      const parsed = parseDeviceRows(table);
      if (parsed.errors.length) throw importRefused('DEVICE_IMPORT_INVALID', parsed.errors, { zh: '设备', en: 'devices' });
      return ctx.iot.importDevices(user, parsed.items);
    });
  });
}
