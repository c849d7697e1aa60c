/** The command level of each area as a banner in its colour (常态 / 加强 / 应急), with who is on duty,
 * and for a leader the form that sets an area's level. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { formatInstant } from '../../model/format.js';

export function useLevels() {
  return useQuery({ queryKey: ['command-levels'], queryFn: async () => ok(http.GET('/api/v1/command/levels')), refetchInterval: 30_000 });
}

export function LevelBanners() {
  const { t } = useI18n();
  const levels = useLevels();
  const raised = (levels.data ?? []).filter((a) => a.level !== 'normal');
  if (raised.length === 0) return <Alert type="success" showIcon title={t('pt_everyday')} data-testid="level-banner-normal" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="level-banners">
      {raised.map((a) => (
        <Alert
          key={a.areaCode}
          data-testid={`level-banner-${a.areaCode}`}
          style={{ borderColor: a.color, background: `${a.color}14` }}
          title={
            <Space wrap>
              <Tag color={a.color}>{t(`pt_level_${a.level}` as MessageKey)}</Tag>
              <b>{a.areaName}</b>
              <span>{a.reason}</span>
              <span style={{ color: '#888' }}>{t('pt_since', { t: formatInstant(a.since) })}</span>
              {a.onDuty.length > 0 && <span>{t('pt_dutyList')}：{a.onDuty.map((o) => `${o.post} ${o.name}`).join('、')}</span>}
            </Space>
          }
        />
      ))}
    </Space>
  );
}

type SetLevel = {
  areaCode: string; level: 'normal' | 'reinforced' | 'emergency'; reason: string;
  /** Back to 常态 at this instant (optional). */
  until?: Dayjs | null;
  /** Who is on duty at the level (值班): post, name, phone. */
  onDuty?: Array<{ post: string; name: string; phone?: string }>;
};

export function SetLevelForm() {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<SetLevel>();
  const level = Form.useWatch('level', form) ?? 'reinforced';
  const set = useMutation({
    mutationFn: async (v: SetLevel) =>
      ok(http.PUT('/api/v1/command/levels/{areaCode}', {
        params: { path: { areaCode: v.areaCode.trim() } },
        body: {
          level: v.level, reason: v.reason,
          ...(v.level !== 'normal' && v.until ? { until: v.until.valueOf() } : {}),
          ...(v.level !== 'normal' ? { onDuty: (v.onDuty ?? []).filter((o) => o?.name && o.post).map((o) => ({ name: o.name.trim(), post: o.post.trim(), phone: o.phone?.trim() || null })) } : {}),
        },
      })),
    onSuccess: () => {
      setError(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['command-levels'] });
      void qc.invalidateQueries({ queryKey: ['patrol-coverage'] });
    },
    onError: (e) => setError(err(e)),
  });
  return (
    <Form form={form} layout="inline" onFinish={(v) => set.mutate(v)} data-testid="set-level-form">
      <Form.Item name="areaCode" rules={[{ required: true, message: t('required') }]}>
        <Input placeholder={t('pt_targetArea')} style={{ width: 150 }} />
      </Form.Item>
      <Form.Item name="level" initialValue="reinforced">
        <Select style={{ width: 100 }} data-testid="set-level-level" options={(['normal', 'reinforced', 'emergency'] as const).map((l) => ({ value: l, label: t(`pt_level_${l}`) }))} />
      </Form.Item>
      <Form.Item name="reason" rules={[{ required: true, message: t('required') }]}>
        <Input placeholder={t('pt_reason')} style={{ width: 160 }} />
      </Form.Item>
      {level !== 'normal' && (
        <Form.Item name="until">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('pt_until')} data-testid="set-level-until" />
        </Form.Item>
      )}
      <Button htmlType="submit" type="primary" loading={set.isPending}>{t('pt_setLevel')}</Button>
      {error && <Alert type="error" title={error} style={{ marginLeft: 8 }} />}
      {level !== 'normal' && (
        <div style={{ width: '100%', marginTop: 8 }} data-testid="set-level-duty">
          <Form.List name="onDuty">
            {(fields, { add, remove }) => (
              <Space wrap>
                <span>{t('pt_dutyList')}：</span>
                {fields.map((f) => (
                  <Space key={f.key} size={4} data-testid="duty-row">
                    <Form.Item name={[f.name, 'post']} noStyle rules={[{ required: true, message: t('required') }]}><Input placeholder={t('pt_dutyPost')} style={{ width: 100 }} data-testid="duty-post" /></Form.Item>
                    <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, message: t('required') }]}><Input placeholder={t('pt_dutyName')} style={{ width: 90 }} data-testid="duty-name" /></Form.Item>
                    <Form.Item name={[f.name, 'phone']} noStyle><Input placeholder={t('pt_dutyPhone')} style={{ width: 130 }} data-testid="duty-phone" /></Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ post: '', name: '' })} data-testid="duty-add">{t('pt_dutyAdd')}</Button>
              </Space>
            )}
          </Form.List>
        </div>
      )}
    </Form>
  );
}
