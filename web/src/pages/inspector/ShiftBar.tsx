/** The inspector's shift (班次): the button that starts, pauses, resumes and ends it, the grids of the
 * plan, and while on duty the position every N seconds — kept on the phone while offline and sent in
 * one batch when the network returns (each point carries its seq, so a batch sent twice counts once). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Collapse, Space, Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';

interface Point { seq: number; at: number; lon: number; lat: number }

const queueKey = (shiftId: string) => `cityloop.track.${shiftId}`;
const readQueue = (shiftId: string): { next: number; points: Point[] } => {
  try {
    return JSON.parse(localStorage.getItem(queueKey(shiftId)) ?? '') as { next: number; points: Point[] };
  } catch {
    return { next: 1, points: [] };
  }
};
const writeQueue = (shiftId: string, q: { next: number; points: Point[] }) => localStorage.setItem(queueKey(shiftId), JSON.stringify(q));

export function ShiftBar() {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(0);
  const current = useQuery({ queryKey: ['my-shift'], queryFn: async () => (await ok(http.GET('/api/v1/patrol/shifts/current'))).shift });
  const plans = useQuery({ queryKey: ['my-plans'], queryFn: async () => ok(http.GET('/api/v1/patrol/plans')) });
  const shift = current.data ?? null;
  const done = () => {
    setError(null);
    void qc.invalidateQueries({ queryKey: ['my-shift'] });
  };
  const start = useMutation({ mutationFn: async () => ok(http.POST('/api/v1/patrol/shifts', { body: {} })), onSuccess: done, onError: (e) => setError(err(e)) });
  const act = useMutation({
    mutationFn: async (a: 'pause' | 'resume' | 'end') =>
      ok(http.POST(`/api/v1/patrol/shifts/{id}/actions/${a}` as '/api/v1/patrol/shifts/{id}/actions/pause', { params: { path: { id: shift!.id } }, body: { version: shift!.version } })),
    onSuccess: done,
    onError: (e) => setError(err(e)),
  });

  // Send what is kept; what fails stays for the next try (offline).
  const flush = useCallback(async (shiftId: string) => {
    const q = readQueue(shiftId);
    setQueued(q.points.length);
    if (q.points.length === 0) return;
    const batch = q.points.slice(0, 2000);
    const r = await http.POST('/api/v1/patrol/shifts/{id}/points', { params: { path: { id: shiftId } }, body: { crs: 'wgs84', points: batch } }).catch(() => null);
    if (r && !r.error) {
      const sent = new Set(batch.map((p) => p.seq));
      const left = readQueue(shiftId);
      writeQueue(shiftId, { next: left.next, points: left.points.filter((p) => !sent.has(p.seq)) });
      setQueued(left.points.length - sent.size);
    }
  }, []);

  const last = useRef(0);
  const onDuty = shift?.state === 'on_duty';
  useEffect(() => {
    if (!shift || !onDuty || !('geolocation' in navigator)) return;
    const everyMs = shift.intervalS * 1000;
    const watch = navigator.geolocation.watchPosition((p) => {
      const now = Date.now();
      if (now - last.current < everyMs) return;
      last.current = now;
      const q = readQueue(shift.id);
      q.points.push({ seq: q.next, at: now, lon: p.coords.longitude, lat: p.coords.latitude });
      writeQueue(shift.id, { next: q.next + 1, points: q.points });
      void flush(shift.id);
    }, () => undefined, { enableHighAccuracy: true, maximumAge: 5_000 });
    const retry = setInterval(() => void flush(shift.id), 30_000);
    const online = () => void flush(shift.id);
    window.addEventListener('online', online);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(retry);
      window.removeEventListener('online', online);
    };
  }, [shift?.id, onDuty, flush]);

  const grids = (plans.data ?? []).flatMap((p) => p.grids.map((g) => ({ ...g, plan: p })));
  return (
    <div style={{ margin: '8px 8px 0' }} data-testid="shift-bar">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Tag color={onDuty ? 'blue' : shift ? 'orange' : 'default'} data-testid="shift-state">{shift ? shift.stateName : t('pt_noShift')}</Tag>
          {queued > 0 && <Tag color="gold">{t('pt_queued', { n: queued })}</Tag>}
        </Space>
        <Space>
          {!shift && <Button type="primary" onClick={() => start.mutate()} loading={start.isPending} data-testid="shift-start">{t('pt_start')}</Button>}
          {shift && onDuty && <Button onClick={() => act.mutate('pause')} loading={act.isPending} data-testid="shift-pause">{t('pt_pause')}</Button>}
          {shift && !onDuty && <Button type="primary" onClick={() => act.mutate('resume')} loading={act.isPending} data-testid="shift-resume">{t('pt_resume')}</Button>}
          {shift && <Button danger onClick={() => act.mutate('end')} loading={act.isPending} data-testid="shift-end">{t('pt_end')}</Button>}
        </Space>
      </Space>
      {error && <Alert type="error" title={error} style={{ marginTop: 8 }} />}
      {grids.length > 0 && (
        <Collapse size="small" style={{ marginTop: 8 }} items={[{
          key: 'grids', label: `${t('pt_myGrids')} (${grids.length})`,
          children: (
            <Space wrap data-testid="plan-grids">
              {grids.map((g) => (
                <Tag key={g.code} color={g.cls === 'key' ? 'red' : g.cls === 'ordinary' ? 'blue' : 'default'}>
                  {t(`pt_cls_${g.cls}` as MessageKey)} {g.code.slice(-6)}
                </Tag>
              ))}
              <Typography.Text type="secondary">{plans.data?.[0] ? t('pt_planHours', { from: plans.data[0].from, to: plans.data[0].to }) : ''}</Typography.Text>
            </Space>
          ),
        }]} />
      )}
    </div>
  );
}
