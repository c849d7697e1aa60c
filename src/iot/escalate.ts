/**
 * 预先告警、自行整改、执法跟进: the escalation ladder over time and the step into the closed loop.
 * The sweeper takes alarms whose next step is due; each notice is an `escalated` event (the SMS
 * subscriber texts it once), appended through the guarded append so two sweeping processes raise
 * each step once. An alarm still active at the end of its grace period becomes a case through the
 * IoT intake channel (source iot, external reference = the alarm id, so one case per alarm), filed
 * by the hub's system account so the responsibility list routes it; the alarm records the case, the
 * case carries the alarm id. A repeat while the earlier alarm's case is still open adds to that case
 * (an urge with the new alarm's figures) instead of opening another.
 */
import type { Logger } from '../core/logger.js';
import type { Db } from '../store/db.js';
import { isAppError } from '../core/errors.js';
import type { User } from '../auth/model.js';
import type { CaseService } from '../cases/service.js';
import { isOpenStatus } from '../cases/model.js';
import { nextStepAt, systemDraft, type Alarm } from './alarm-stream.js';
import { noticeOf, type AlarmWrites } from './alarms.js';
import type { Device } from './model.js';
import { SEVERITY_NAMES, type Rule } from './rules.js';
import * as repo from './repo.js';

/** The platform's own account for IoT intake (it holds the roles the intake channel and filing need). */
export const IOT_USER: User = {
  id: 'system:iot', username: 'system-iot', displayName: '物联感知中台', phone: null, active: true, unitId: null,
  scope: { level: 'city', code: '000000' }, roles: ['operator', 'shift_lead', 'dispatcher'], createdAt: 0, updatedAt: 0,
};

export interface EscalationDeps {
  db: Db;
  logger: Logger;
  alarms: AlarmWrites;
  cases: CaseService;
  device(id: string): Device | undefined;
  rule(id: string): Rule | undefined;
}

export interface SweepReport { notices: number; casesOpened: number; casesAdded: number }

const NOTHING = Symbol('nothing due');

export async function sweepEscalations(deps: EscalationDeps, now: number): Promise<SweepReport> {
  const out: SweepReport = { notices: 0, casesOpened: 0, casesAdded: 0 };
  const due = await repo.dueAlarms(deps.db.kysely, now, 200);
  for (const a of due) {
    const device = deps.device(a.deviceId);
    const rule = deps.rule(a.ruleId);
    if (!device || !rule) continue;
    try {
      const r = await stepAlarm(deps, a, device, rule, now);
      out.notices += r.notices;
      if (r.case === 'opened') out.casesOpened++;
      if (r.case === 'added') out.casesAdded++;
    } catch (e) {
      if (isAppError(e) && e.kind === 'conflict') continue; // another process stepped it: its next sweep sees the rest
      deps.logger.warn({ err: e, alarmId: a.id }, 'IoT escalation step failed');
    }
  }
  return out;
}

async function stepAlarm(deps: EscalationDeps, a: Alarm, device: Device, rule: Rule, now: number): Promise<{ notices: number; case: 'opened' | 'added' | null }> {
  const ladder = rule.body.escalation;
  let notices = 0;
  let current = a;
  // 1. The notices due (only while unacknowledged).
  try {
    current = await deps.alarms.store.update(a.id, a.version, (r) => {
      if (!r.active) throw NOTHING;
      const drafts = [];
      let step = r.escalation.step;
      while (r.ackedAt === null && step < ladder.length && r.firstAt + ladder[step]!.afterMinutes * 60_000 <= now) {
        drafts.push(systemDraft('escalated', now, { ...noticeOf(device, rule, ladder[step]!.notify, r.severity, r.lastValues), step }));
        step++;
      }
      if (drafts.length === 0) throw NOTHING;
      notices = drafts.length;
      const next = { ...r, escalation: { ...r.escalation, step }, updatedAt: now };
      return { next: { ...next, nextStepAt: nextStepAt(next, ladder) }, drafts };
    });
  } catch (e) {
    if (e !== NOTHING) throw e;
    current = (await deps.alarms.store.load(a.id)) ?? a;
  }
  // 2. The case, once the grace period is over.
  if (!current.active || current.caseId !== null || current.escalation.caseAt === null || current.escalation.caseAt > now || !rule.body.caseClass) {
    return { notices, case: null };
  }
  const link = await caseFor(deps, current, device, rule);
  try {
    await deps.alarms.store.update(current.id, current.version, (r) => {
      if (r.caseId !== null) throw NOTHING;
      const next = { ...r, caseId: link.caseId, updatedAt: now };
      return {
        next: { ...next, nextStepAt: nextStepAt(next, ladder) },
        drafts: [systemDraft(link.added ? 'case_added' : 'case_opened', now, { caseId: link.caseId, caseCode: link.code })],
      };
    });
  } catch (e) {
    if (e !== NOTHING) throw e;
    return { notices, case: null };
  }
  return { notices, case: link.added ? 'added' : 'opened' };
}

async function caseFor(deps: EscalationDeps, a: Alarm, device: Device, rule: Rule): Promise<{ caseId: string; code: string; added: boolean }> {
  const cls = rule.body.caseClass!;
  const figures = Object.entries(a.lastValues).map(([k, v]) => `${k}=${Math.round(v * 10) / 10}`).join('，');
  const prior = await repo.lastCaseOf(deps.db.kysely, a.deviceId, a.ruleId);
  if (prior) {
    const c = await deps.cases.find(prior);
    if (c && isOpenStatus(c.status)) {
      const note = `物联告警再次触发（告警 ${a.id}，${SEVERITY_NAMES[a.severity]}，${a.count} 次，${figures}），仍未整改`;
      try {
        await deps.cases.act(IOT_USER, c.id, 'urge', { note }, c.version);
      } catch (e) {
        deps.logger.warn({ err: e, caseId: c.id }, 'IoT repeat not added to its open case');
      }
      return { caseId: c.id, code: c.code, added: true };
    }
  }
  const description = `${cls.description}：${device.ownerName}·${device.name}（${device.id}），${rule.body.name}，${SEVERITY_NAMES[a.severity]}，`
    + `自 ${new Date(a.firstAt).toISOString()} 起持续告警 ${a.count} 次，最近读数 ${figures}；已短信告知 ${device.contactName}（${device.contactPhone}）限期整改未果。告警编号 ${a.id}。`;
  const { case: c, replayed } = await deps.cases.report(IOT_USER, {
    source: 'iot', externalRef: a.id, lon: device.lon, lat: device.lat, address: device.address ?? `${device.ownerName}`,
    categoryCode: cls.categoryCode, urgency: a.severity === 'critical' ? 'urgent' : 'normal', description: description.slice(0, 2000),
  });
  if (!replayed) {
    // Into the loop: accepted and filed by the system account, so the responsibility list dispatches it.
    try {
      const accepted = await deps.cases.act(IOT_USER, c.id, 'accept', {}, c.version);
      await deps.cases.act(IOT_USER, c.id, 'file', {}, accepted.version);
    } catch (e) {
      deps.logger.warn({ err: e, caseId: c.id }, 'IoT case left for the operator: not filed automatically');
    }
  }
  return { caseId: c.id, code: c.code, added: false };
}
