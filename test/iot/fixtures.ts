/** Small factories for IoT tests: devices of each type at a point of the demo city. */
import type { AppContext } from '../../src/app.js';
import type { User } from '../../src/auth/model.js';
import type { DeviceInput } from '../../src/iot/model.js';
import type { DeviceType } from '../../src/iot/rules.js';

let n = 0;
/** A unique device id per call (tests also publish to the shared Mosquitto: ids must not collide across runs). */
export function deviceId(prefix: string): string {
  n += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${n}`;
}

export function deviceInput(type: DeviceType, at: { lon: number; lat: number }, over: Partial<DeviceInput> = {}): DeviceInput {
  const id = over.id ?? deviceId(type.toUpperCase());
  return {
    id, type, model: 'TEST-1', serial: id, name: `${type} 测试设备 ${id.slice(-4)}`,
    ownerKind: type === 'noise' || type === 'dust' ? 'construction_site' : type === 'tilt' ? 'ad_facility' : type === 'gas' ? 'gas_user' : 'manhole',
    ownerId: `OWNER-${id}`, ownerName: '湖滨南路项目部', contactName: '张工', contactPhone: '13800000001', lon: at.lon, lat: at.lat, ...over,
  };
}

export async function register(ctx: AppContext, admin: User, type: DeviceType, at: { lon: number; lat: number }, over: Partial<DeviceInput> = {}) {
  return ctx.iot.createDevice(admin, deviceInput(type, at, over));
}

export const at = (iso: string): number => Date.parse(`${iso}+08:00`);
export const refusal = (p: Promise<unknown> | (() => unknown)) =>
  Promise.resolve().then(typeof p === 'function' ? p : () => p).then(() => undefined, (e: { code?: string; kind?: string }) => ({ code: e.code, kind: e.kind }));
