/**
 * The result of an order, back to the hotline system (回传): one JSON POST to the address the
 * administrator set, with the hotline's own field names. A refusal or an unreachable system is
 * recorded on the order (push failed) and can be pushed again from the console.
 */
import type { HotlineOrder } from './model.js';

export interface PushOutcome {
  ok: boolean;
  /** HTTP status, or null when the system could not be reached. */
  status: number | null;
  detail: string | null;
}

/** What the hotline system receives: its own field names, our times in +08:00. */
export function resultMessage(o: HotlineOrder): Record<string, unknown> {
  const iso = (t: number | null) => (t === null ? null : new Date(t + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace('.000', ''));
  return {
    工单编号: o.orderNo,
    办理状态: o.state === 'rejected' ? '不予受理' : '已办结',
    平台案卷编号: o.caseCode,
    办结时间: iso(o.closedAt),
    办理结果: o.state === 'rejected' ? o.rejectReason : o.result,
    处置后照片: o.afterPhotos.map((sha) => `/api/v1/files/${sha}`),
  };
}

export async function pushResult(url: string, o: HotlineOrder): Promise<PushOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(resultMessage(o)),
      signal: AbortSignal.timeout(10_000),
    });
    const text = (await res.text()).slice(0, 200);
    return { ok: res.ok, status: res.status, detail: res.ok ? null : text || res.statusText };
  } catch (e) {
    return { ok: false, status: null, detail: (e as Error).message.slice(0, 200) };
  }
}
