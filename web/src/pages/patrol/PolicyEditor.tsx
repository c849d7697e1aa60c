/** 等级策略 for city leaders: what 加强 and 应急 do (PUT /command/policy) — per level the factor on the
 * limits of the stages it shortens, the classes it applies to (none: all), a class's own limit where
 * the factor is not enough, and how many times as often plans must be patrolled. */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';

const STAGES = ['accept', 'check', 'file', 'dispatch', 'handle', 'verify', 'close'] as const;
const UNITS = ['work_hours', 'work_days', 'hours', 'days'] as const;
type Policy = NonNullable<ReturnType<typeof usePolicy>['data']>;

function usePolicy() {
  return useQuery({ queryKey: ['command-policy'], queryFn: async () => ok(http.GET('/api/v1/command/policy')) });
}

function LevelFields({ level }: { level: 'reinforced' | 'emergency' }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={<Tag color={level === 'emergency' ? '#cf1322' : '#fa8c16'}>{t(`pt_level_${level}`)}</Tag>} data-testid={`policy-${level}`}>
      <Space wrap align="start">
        <Form.Item name={[level, 'limitFactor']} label={t('pt_limitFactor')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={0.05} max={1} step={0.05} data-testid={`policy-${level}-factor`} />
        </Form.Item>
        <Form.Item name={[level, 'frequencyFactor']} label={t('pt_frequencyFactor')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={1} max={12} step={1} data-testid={`policy-${level}-frequency`} />
        </Form.Item>
      </Space>
      <Form.Item name={[level, 'stages']} label={t('pt_stages')}>
        <Select mode="multiple" options={STAGES.map((s) => ({ value: s, label: t(`stage_${s}` as MessageKey) }))} data-testid={`policy-${level}-stages`} />
      </Form.Item>
      <Form.Item name={[level, 'classes']} label={t('pt_classes')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="C0102" data-testid={`policy-${level}-classes`} />
      </Form.Item>
      <Form.Item label={t('pt_overrides')}>
        <Form.List name={[level, 'overrides']}>
          {(fields, { add, remove }) => (
            <Space orientation="vertical" size={4}>
              {fields.map((f) => (
                <Space key={f.key} size={4} wrap data-testid="policy-override">
                  <Form.Item name={[f.name, 'classPrefix']} noStyle rules={[{ required: true, pattern: /^[A-Z]\d{2,6}$/, message: t('required') }]}><Input placeholder={t('pt_classPrefix')} style={{ width: 100 }} /></Form.Item>
                  <Form.Item name={[f.name, 'stage']} noStyle rules={[{ required: true, message: t('required') }]}>
                    <Select style={{ width: 90 }} placeholder={t('pt_stage')} options={STAGES.map((s) => ({ value: s, label: t(`stage_${s}` as MessageKey) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} noStyle rules={[{ required: true, message: t('required') }]}><InputNumber min={0.1} max={10000} placeholder={t('pt_limitValue')} style={{ width: 80 }} /></Form.Item>
                  <Form.Item name={[f.name, 'unit']} noStyle>
                    <Select style={{ width: 130 }} options={UNITS.map((u) => ({ value: u, label: t(`sg_unit_${u}` as MessageKey) }))} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ unit: 'work_hours', stage: 'handle' })}>{t('pt_overrides')}</Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </Card>
  );
}

export function PolicyEditor() {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const policy = usePolicy();
  const [form] = Form.useForm<Policy>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  const save = useMutation({
    mutationFn: async (v: Policy) => ok(http.PUT('/api/v1/command/policy', { body: v })),
    onSuccess: () => {
      setError(null);
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['command-policy'] });
      void qc.invalidateQueries({ queryKey: ['patrol-coverage'] });
    },
    onError: (e) => {
      setSaved(false);
      setError(err(e));
    },
  });
  return (
    <Form form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)} onValuesChange={() => setSaved(false)} data-testid="policy-form">
      <Row gutter={8}>
        <Col xs={24} lg={12}><LevelFields level="reinforced" /></Col>
        <Col xs={24} lg={12}><LevelFields level="emergency" /></Col>
      </Row>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="policy-error" />}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">{t('pt_savePolicy')}</Button>
        {saved && <Tag color="green" data-testid="policy-saved">{t('pt_saved')}</Tag>}
      </Space>
    </Form>
  );
}
