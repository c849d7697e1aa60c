/** 等级计划 for leaders: set a command level for an area over a period ahead (a holiday, a forecast
 * typhoon) — the server's timer switches it on and back — and see the periods pending and running,
 * cancelling one not yet started. Refusals are shown at the field they concern. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { http, ok } from '../../api/client.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';
import { FormError } from '../../components/FormError.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { fieldErrorsOf } from '../../model/fieldErrors.js';
import { formatInstant } from '../../model/format.js';
import { useLevels } from './LevelBanner.js';

interface ScheduleForm {
  districtCode: string;
  streetCode?: string | null;
  level: 'reinforced' | 'emergency';
  period: [Dayjs, Dayjs];
  reason: string;
  /** Repeating inside the period: the days of the week and the hours of the day. */
  repeats?: boolean;
  days?: number[];
  hours?: [Dayjs, Dayjs];
}

const FIELDS = {
  members: { areaCode: 'districtCode', level: 'level', from: 'period', until: 'period', reason: 'reason', repeat: 'days', 'repeat.days': 'days', 'repeat.from': 'hours', 'repeat.to': 'hours' },
  codes: { SCHEDULE_PERIOD_INVALID: 'period', SCHEDULE_NO_OCCURRENCE: 'days', AREA_NOT_FOUND: 'districtCode', AREA_CODE_INVALID: 'districtCode' },
};
const COLOR: Record<string, string> = { reinforced: '#fa8c16', emergency: '#cf1322' };

export function LevelSchedules() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<ScheduleForm>();
  const districtCode = Form.useWatch('districtCode', form);
  const repeats = Form.useWatch('repeats', form) === true;
  const levels = useLevels();
  const names = new Map((levels.data ?? []).map((a) => [a.areaCode, a.areaName]));
  const schedules = useQuery({ queryKey: ['command-schedules'], queryFn: async () => ok(http.GET('/api/v1/command/schedules')), refetchInterval: 30_000 });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['command-schedules'] });
    void qc.invalidateQueries({ queryKey: ['command-levels'] });
  };
  const add = useMutation({
    mutationFn: async (v: ScheduleForm) => ok(http.POST('/api/v1/command/schedules', {
      body: {
        areaCode: v.streetCode || v.districtCode, level: v.level, from: v.period[0].valueOf(), until: v.period[1].valueOf(), reason: v.reason.trim(),
        ...(v.repeats && v.days && v.hours ? { repeat: { days: v.days, from: v.hours[0].format('HH:mm'), to: v.hours[1].format('HH:mm') === '00:00' ? '24:00' : v.hours[1].format('HH:mm') } } : {}),
      },
    })),
    onSuccess: () => {
      form.resetFields();
      refresh();
    },
    onError: (e) => form.setFields(fieldErrorsOf(e, FIELDS, lang).fields.map((f) => ({ name: f.name as keyof ScheduleForm, errors: f.errors }))),
  });
  const cancel = useMutation({
    mutationFn: async (s: { id: string; version: number }) => ok(http.POST('/api/v1/command/schedules/{id}/cancel', { params: { path: { id: s.id } }, body: { version: s.version } })),
    onSuccess: refresh,
  });
  const placed = add.error ? fieldErrorsOf(add.error, FIELDS, lang) : null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="level-schedules">
      {placed?.unplaced && <FormError error={add.error} testId="schedule-error" />}
      {cancel.error && <FormError error={cancel.error} testId="schedule-cancel-error" />}
      <Form form={form} layout="vertical" size="small" onFinish={(v) => add.mutate(v)} initialValues={{ level: 'reinforced' }} data-testid="schedule-form">
        <Space wrap align="start">
          <Form.Item name="districtCode" label={t('pt_district')} rules={[{ required: true, message: t('required') }]}>
            <DistrictSelect testId="schedule-district" style={{ width: 200 }} onChange={() => form.setFieldValue('streetCode', null)} />
          </Form.Item>
          <Form.Item name="streetCode" label={t('pt_street')}>
            <StreetSelect testId="schedule-street" districtCode={districtCode} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="level" label={t('pt_level')}>
            <Select style={{ width: 100 }} data-testid="schedule-level" options={(['reinforced', 'emergency'] as const).map((l) => ({ value: l, label: t(`pt_level_${l}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="period" label={t('pt_period')} rules={[{ required: true, message: t('required') }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="schedule-period" />
          </Form.Item>
          <Form.Item name="reason" label={t('pt_reason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={200} style={{ width: 200 }} data-testid="schedule-reason" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="repeats" label={t('pt_repeats')} valuePropName="checked"><Switch data-testid="schedule-repeats" /></Form.Item>
          {repeats && (
            <>
              <Form.Item name="days" label={t('pt_repeatDays')} rules={[{ required: true, message: t('required') }]}>
                <Checkbox.Group data-testid="schedule-days" options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: t(`pt_weekday_${d}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="hours" label={t('pt_repeatHours')} rules={[{ required: true, message: t('required') }]} extra={t('pt_repeatHoursHint')}>
                <TimePicker.RangePicker format="HH:mm" order={false} data-testid="schedule-hours" />
              </Form.Item>
            </>
          )}
        </Space>
        <div><Button type="primary" htmlType="submit" loading={add.isPending} data-testid="schedule-submit">{t('pt_newSchedule')}</Button></div>
      </Form>
      <Table
        size="small" rowKey="id" pagination={false} dataSource={schedules.data ?? []} data-testid="schedule-table" locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('pt_area'), render: (_, s) => names.get(s.areaCode) ?? s.areaCode },
          { title: t('pt_level'), render: (_, s) => <Tag color={COLOR[s.level]}>{t(`pt_level_${s.level}` as MessageKey)}</Tag> },
          { title: t('pt_period'), render: (_, s) => `${formatInstant(s.from).slice(0, 16)} – ${formatInstant(s.until).slice(5, 16)}` },
          { title: t('pt_repeats'), render: (_, s) => s.repeatText ? `${s.repeatText}（${formatInstant(s.periodFrom ?? s.from).slice(5, 10)} – ${formatInstant(s.periodUntil ?? s.until).slice(5, 10)}）` : '—' },
          { title: t('pt_reason'), dataIndex: 'reason' },
          { title: t('pt_state'), render: (_, s) => <Tag data-testid="schedule-state">{t(`pt_scheduleState_${s.state}` as MessageKey)}</Tag> },
          {
            title: '', render: (_, s) => s.state === 'pending' && (
              <Popconfirm title={t('pt_cancelSchedule')} onConfirm={() => cancel.mutate(s)} okText={t('confirm')} cancelText={t('cancel')}>
                <Button size="small" data-testid="schedule-cancel">{t('pt_cancelSchedule')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
