/**
 * The IoT service's alarm desk: alarms (list, read, act), a device's history (series, raw readings,
 * daily noise compliance) and the SMS subscriber for escalation notices. Split from service.ts,
 * which owns the engine, the registry and the rules; this part only reads through what it is given.
 */
import type { ServiceDeps } from '../core/deps.js';
import { notFound } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can } from '../auth/policy.js';
import type { Subscription } from '../bus/bus.js';
import type { SmsNotifier } from '../notify/service.js';
import type { createAlarmWrites } from './alarms.js';
import type { Alarm, AlarmEvent } from './alarm-stream.js';
import type { Device } from './model.js';
import { dailyCompliance, seriesOf, type ComplianceRow, type SeriesAnswer } from './history.js';
import * as repo from './repo.js';

export interface AlarmDeskParts {
  deps: ServiceDeps;
  alarms: ReturnType<typeof createAlarmWrites>;
  /** A device the user may read, or 404. */
  readable: (user: User, id: string) => Device;
  resourceOf: (d: Pick<Device, 'districtCode' | 'streetCode'>) => { districtCode: string | null; streetCode: string | null };
  nightStart: () => number;
  devicesInScope: (user: User) => Device[];
}

export function createAlarmDesk(c: AlarmDeskParts) {
  const desk = {
    // ---- alarms ----
    async listAlarms(user: User, q: repo.AlarmQuery) {
      const f = accessFilter(user, 'iot.read');
      if (!f) authorize(user, 'iot.read');
      return repo.listAlarms(c.deps.db.kysely, f!, q);
    },
    async getAlarm(user: User, id: string): Promise<{ alarm: Alarm; events: AlarmEvent[] }> {
      const a = await c.alarms.store.load(id);
      if (!a || !can(user, 'iot.read', c.resourceOf(a)).allowed) {
        authorize(user, 'iot.read');
        throw notFound('ALARM_NOT_FOUND', '告警不存在', 'No such alarm', { id });
      }
      return { alarm: a, events: await c.alarms.store.events(id) };
    },
    async actOnAlarm(user: User, id: string, action: string, body: unknown, expectedVersion: number): Promise<Alarm> {
      await desk.getAlarm(user, id);
      return c.alarms.act(user, id, action, body, expectedVersion);
    },

    // ---- history ----
    async series(user: User, id: string, from: number, to: number, stepMinutes: number): Promise<SeriesAnswer> {
      c.readable(user, id);
      return seriesOf(c.deps.db.kysely, id, from, to, stepMinutes);
    },
    /** Raw readings in [from, to), oldest first (kept IOT_RAW_DAYS days; older ones live on as minute aggregates). */
    async readings(user: User, id: string, from: number, to: number, limit: number) {
      c.readable(user, id);
      return { deviceId: id, from, to, keptDays: c.deps.config.iotRawDays, items: await repo.rawReadings(c.deps.db.kysely, id, from, to, limit) };
    },
    async compliance(user: User, date: string): Promise<ComplianceRow[]> {
      authorize(user, 'iot.read');
      const devices = c.devicesInScope(user).filter((d) => d.type === 'noise');
      return dailyCompliance(c.deps.db.kysely, devices, date, c.nightStart());
    },

    /** The SMS subscriber: texts each `escalated` notice once (the owner's phone, or the street's / district's lane). */
    subscriptions(sms: SmsNotifier): Subscription[] {
      return [{
        names: ['alarm.escalated'], group: 'iot-sms',
        handle: async (e) => {
          const d = e.data as { id: string; notify: string; phone: string | null; text: string; districtCode: string | null; streetCode: string | null };
          if (d.notify === 'owner' && d.phone) return sms.sendToPhone({ phone: d.phone, text: d.text });
          const role = d.notify === 'street' ? 'dispatcher' : 'leader';
          await sms.send({
            audience: { role, unitId: null, userId: null, districtCode: d.districtCode ?? '', streetCode: d.notify === 'district' ? '' : (d.streetCode ?? '') },
            text: d.text, caseId: d.id,
          });
        },
      }];
    },
  };
  return desk;
}
