/**
 * The device register as a spreadsheet (XLSX or CSV, Chinese column names): rows to device inputs
 * with every row's errors, and devices to rows. Pure.
 */
import { parseRows, type ParsedRows, type SheetColumn } from '../core/sheet-table.js';
import { checkDevice, type Device, type DeviceInput } from './model.js';
import { DEVICE_TYPES, type DeviceType } from './rules.js';

export const DEVICE_COLUMNS: readonly SheetColumn[] = [
  { zh: '设备编号', en: 'device id', required: true, example: 'NM-SM-0001' },
  { zh: '设备类型', en: 'type', required: true, example: 'noise' },
  { zh: '型号', en: 'model', required: true, example: 'AWA6218' },
  { zh: '序列号', en: 'serial', required: true, example: 'SN20260001' },
  { zh: '设备名称', en: 'name', required: true, example: '湖滨南路工地东侧噪声监测' },
  { zh: '业主类型', en: 'owner kind', required: true, example: 'construction_site' },
  { zh: '业主编号', en: 'owner id', required: true, example: 'SITE-0001' },
  { zh: '业主名称', en: 'owner name', required: true, example: '某建设集团湖滨南路项目部' },
  { zh: '责任人', en: 'contact', required: true, example: '张工' },
  { zh: '联系电话', en: 'phone', required: true, example: '13800000000' },
  { zh: '经度', en: 'longitude', required: true, example: '118.0894' },
  { zh: '纬度', en: 'latitude', required: true, example: '24.4798' },
  { zh: '地址', en: 'address', example: '思明区湖滨南路' },
  { zh: '安装基准', en: 'baseline (JSON)', example: '{}' },
  { zh: '参数', en: 'parameters (JSON)', example: '{"zoneClass":"2"}' },
];

const json = (text: string): Record<string, unknown> | undefined => {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export function parseDeviceRows(table: readonly (readonly string[])[]): ParsedRows<DeviceInput> {
  const seen = new Set<string>();
  return parseRows(table, DEVICE_COLUMNS, (t) => {
    const lon = Number(t.cell('经度'));
    const lat = Number(t.cell('纬度'));
    const baseline = json(t.cell('安装基准'));
    const params = json(t.cell('参数'));
    const input: DeviceInput = {
      id: t.cell('设备编号'), type: t.cell('设备类型') as DeviceType, model: t.cell('型号'), serial: t.cell('序列号'), name: t.cell('设备名称'),
      ownerKind: t.cell('业主类型'), ownerId: t.cell('业主编号'), ownerName: t.cell('业主名称'), contactName: t.cell('责任人'), contactPhone: t.cell('联系电话'),
      lon, lat, address: t.cell('地址') || null, baseline: (baseline ?? {}) as Record<string, number>, params: params ?? {},
    };
    for (const [col, v] of [['型号', input.model], ['序列号', input.serial], ['设备名称', input.name], ['业主编号', input.ownerId], ['业主名称', input.ownerName], ['责任人', input.contactName]] as const) {
      if (!v) t.fail(col, `${col}不能为空`, `${col} is empty`);
    }
    if (!DEVICE_TYPES.includes(input.type)) t.fail('设备类型', `设备类型应为 ${DEVICE_TYPES.join('/')}`, `type must be one of ${DEVICE_TYPES.join(', ')}`);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !t.cell('经度') || !t.cell('纬度')) t.fail('经度', '经纬度应为数字', 'longitude and latitude must be numbers');
    if (baseline === undefined) t.fail('安装基准', '安装基准应为 JSON 对象', 'baseline must be a JSON object');
    if (params === undefined) t.fail('参数', '参数应为 JSON 对象', 'parameters must be a JSON object');
    if (seen.has(input.id)) t.fail('设备编号', `设备编号重复：${input.id}`, `duplicate device id ${input.id}`);
    seen.add(input.id);
    try {
      if (DEVICE_TYPES.includes(input.type) && Number.isFinite(lon) && Number.isFinite(lat)) checkDevice(input);
    } catch (e) {
      const err = e as { messageZh?: string; message: string; messageEn?: string; details?: { field?: string } };
      t.fail(err.details?.field ?? '设备编号', err.messageZh ?? err.message, err.messageEn ?? err.message);
    }
    return input;
  });
}

export function deviceRows(devices: readonly Device[]): Array<Record<string, string>> {
  return devices.map((d) => ({
    设备编号: d.id, 设备类型: d.type, 型号: d.model, 序列号: d.serial, 设备名称: d.name, 业主类型: d.ownerKind, 业主编号: d.ownerId, 业主名称: d.ownerName,
    责任人: d.contactName, 联系电话: d.contactPhone, 经度: String(d.lon), 纬度: String(d.lat), 地址: d.address ?? '',
    安装基准: JSON.stringify(d.baseline), 参数: JSON.stringify(d.params),
  }));
}
