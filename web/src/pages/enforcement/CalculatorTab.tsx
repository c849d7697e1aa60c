/** 裁量计算器: pick a violation, give its circumstances, read the tier, range, benchmark fine and the four lists; the benchmark as Excel. */
import { Alert, Button, Card, Checkbox, Descriptions, Form, InputNumber, Select, Space, Tag } from 'antd';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { useBenchmark, useCalculate, type CalcBody } from '../../api/enforcement-more.js';
import { yuanText } from './format.js';

const NUMBERS = [['areaM2', '面积（平方米）'], ['count', '次数'], ['days', '持续天数'], ['valueYuan', '货值/工程造价（元）']] as const;
const FLAGS = [['firstTime', '首次违法'], ['rectified', '及时改正'], ['harm', '造成危害后果'], ['safetyRelated', '涉及生命健康/财产安全']] as const;

export function CalculatorTab() {
  const { t } = useI18n();
  const bench = useBenchmark();
  const calc = useCalculate();
  const [form] = Form.useForm();
  const r = calc.data;
  const submit = async () => {
    const v = await form.validateFields();
    const facts: Record<string, number | boolean> = {};
    for (const [k] of NUMBERS) if (typeof v[k] === 'number') facts[k] = v[k];
    for (const [k] of FLAGS) facts[k] = Boolean(v[k]);
    calc.mutate({ violationCode: v.violationCode, facts } as CalcBody);
  };
  return (
    <Space align="start" size="large" wrap style={{ width: '100%' }} data-testid="enf-calculator">
      <Card size="small" style={{ width: 420 }} title={t('enf_calculator')} extra={<Button size="small" href="/api/v1/enforcement/benchmark/export?format=xlsx">{t('enf_exportXlsx')}</Button>}>
        <Form form={form} layout="vertical" initialValues={{ firstTime: true }}>
          <Form.Item name="violationCode" label={t('enf_violation')} rules={[{ required: true, message: t('enf_pickViolation') }]}>
            <Select data-testid="enf-violation" showSearch optionFilterProp="label" placeholder={t('enf_pickViolation')} loading={bench.isLoading}
              options={(bench.data?.rules ?? []).map((x) => ({ value: x.code, label: `${x.category} · ${x.name}` }))} />
          </Form.Item>
          <Space wrap>
            {NUMBERS.map(([k, label]) => <Form.Item key={k} name={k} label={label}><InputNumber min={0} style={{ width: 170 }} /></Form.Item>)}
          </Space>
          <Space wrap>
            {FLAGS.map(([k, label]) => <Form.Item key={k} name={k} valuePropName="checked" style={{ marginBottom: 8 }}><Checkbox>{label}</Checkbox></Form.Item>)}
          </Space>
          <Button type="primary" onClick={() => void submit()} loading={calc.isPending} data-testid="enf-calc">{t('enf_calc')}</Button>
        </Form>
      </Card>
      <div style={{ minWidth: 420, flex: 1 }}>
        {calc.error ? <FormError error={calc.error} /> : null}
        {r && (
          <Descriptions size="small" bordered column={1} data-testid="enf-calc-result" title={r.violationName}>
            <Descriptions.Item label={t('enf_basis')}>{r.basis}</Descriptions.Item>
            <Descriptions.Item label={t('enf_tier')}><Tag color="blue">{r.tier.level}</Tag>{r.tier.description}</Descriptions.Item>
            <Descriptions.Item label={t('enf_range')}>{yuanText(r.rangeMinFen)} – {yuanText(r.rangeMaxFen)}</Descriptions.Item>
            <Descriptions.Item label={t('enf_benchmark')}>{yuanText(r.benchmarkFen)}</Descriptions.Item>
            <Descriptions.Item label={t('enf_fine')}><b>{r.outcome === 'no_penalty' ? t('enf_noPenalty') : yuanText(r.fineFen)}</b></Descriptions.Item>
            <Descriptions.Item label={t('enf_waived')}>{yuanText(r.waivedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('enf_lenience')}>
              {r.lenience ? <Alert type="success" showIcon message={`${r.lenience.listName}（${r.lenience.itemId}）`} description={`${r.lenience.circumstance} · 依据：${r.lenience.basis}`} /> : '—'}
              {r.noCoercion ? <Tag color="green" style={{ marginTop: 8 }}>{t('enf_noCoercion')}</Tag> : null}
            </Descriptions.Item>
          </Descriptions>
        )}
      </div>
    </Space>
  );
}
