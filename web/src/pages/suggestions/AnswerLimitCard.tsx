/** 金点子答复时限 (administrator, 公众渠道 tab): how long a unit has to answer a suggestion, for assignments from now on. */
import { useState } from 'react';
import { Alert, Button, Card, InputNumber, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { FormError } from '../../components/FormError.js';
import { setAnswerLimit, useAnswerLimit } from '../../api/suggestions.js';

const UNITS = ['work_days', 'work_hours', 'days'] as const;

export function AnswerLimitCard() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const current = useAnswerLimit();
  const [value, setValue] = useState<number | null>(null);
  const [unit, setUnit] = useState<(typeof UNITS)[number] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const v = value ?? current.data?.value ?? 5;
  const u = unit ?? (current.data?.unit as (typeof UNITS)[number] | undefined) ?? 'work_days';
  return (
    <Card size="small" title={t('sg_limit')} data-testid="sg-limit">
      <Space orientation="vertical">
        {current.data && <Typography.Text type="secondary">{t('sg_limitNow', { v: `${current.data.value} ${t(`sg_unit_${current.data.unit}` as MessageKey)}` })}</Typography.Text>}
        <FormError error={error} />
        <Space.Compact>
          <InputNumber min={0.5} max={60} step={0.5} value={v} onChange={(x) => setValue(x)} data-testid="sg-limit-value" />
          <Select value={u} onChange={setUnit} style={{ width: 150 }} options={UNITS.map((x) => ({ value: x, label: t(`sg_unit_${x}` as MessageKey) }))} />
          <Button type="primary" data-testid="sg-limit-save" onClick={async () => {
            setError(null);
            setSaved(false);
            try {
              await setAnswerLimit({ value: v, unit: u });
              setSaved(true);
              await qc.invalidateQueries({ queryKey: ['suggestion-settings'] });
            } catch (e) {
              setError(e);
            }
          }}>{t('save')}</Button>
        </Space.Compact>
        {saved && <Alert type="success" showIcon title={t('sg_limitSaved')} />}
      </Space>
    </Card>
  );
}
