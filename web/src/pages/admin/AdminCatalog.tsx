import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { http, ok } from '../../api/client.js';
import type { ResponsibilityItem } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';
import { ImportButton } from './Upload.js';
import { FormError } from '../../components/FormError.js';

/** A GeoJSON file of grids → POST /geo/import; how many areas it wrote. */
async function importGrids(file: File): Promise<number> {
  const r = await ok(http.POST('/api/v1/geo/import', { body: JSON.parse(await file.text()) as never }));
  return r.inserted + r.updated;
}

/** An XLSX/CSV responsibility list, merged into the one in force; how many items it created or changed. */
async function importResponsibility(file: File): Promise<number> {
  const form = new FormData();
  form.append('file', file, file.name);
  const r = await ok(http.POST('/api/v1/catalog/responsibility/import', { params: { query: { mode: 'merge' } }, body: form as never, bodySerializer: (b: unknown) => b as FormData }));
  return r.created + r.updated;
}

export function GridsTab() {
  const { t } = useI18n();
  const qc = useQueryClient();
  return (
    <Card size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">GeoJSON FeatureCollection · GB/T 30428.1 (15-digit grid codes)</Typography.Paragraph>
        <ImportButton send={importGrids} accept=".geojson,.json,application/geo+json,application/json" label={`${t('import')} GeoJSON`} testId="grid-import" onDone={() => void qc.invalidateQueries()} />
        <Button icon={<DownloadOutlined />} href="/api/v1/geo/layers/grid">{t('export')} GeoJSON</Button>
      </Space>
    </Card>
  );
}

type RespItem = ResponsibilityItem;

export function ResponsibilityTab() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const items = useQuery({ queryKey: ['responsibility'], queryFn: async () => (await ok(http.GET('/api/v1/catalog/responsibility'))).items });
  const rows = (items.data ?? []).filter((r) => !q || r.itemNo.includes(q) || r.categoryCode.includes(q) || (r.categoryName ?? '').includes(q) || r.owner.text.includes(q) || r.condition.includes(q));
  return (
    <Card
      size="small"
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('search')} onSearch={setQ} style={{ width: 200 }} />
          <Button icon={<DownloadOutlined />} href="/api/v1/catalog/responsibility/export?format=xlsx" data-testid="resp-export">
            {t('export')} XLSX
          </Button>
          <Button icon={<DownloadOutlined />} href="/api/v1/catalog/responsibility/export?format=csv">
            {t('export')} CSV
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ImportButton send={importResponsibility} accept=".xlsx,.csv" label={`${t('import')} XLSX / CSV`} testId="resp-import" onDone={() => void qc.invalidateQueries({ queryKey: ['responsibility'] })} />
        <FormError error={items.error} />
        <Table<RespItem>
          size="small"
          rowKey="id"
          data-testid="resp-table"
          loading={items.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, size: 'small' }}
          columns={[
            { title: t('admin_code'), dataIndex: 'itemNo', width: 100 },
            { title: t('col_class'), dataIndex: 'categoryCode', width: 170, render: (code: string, r) => `${code} ${r.categoryName ?? ''}` },
            { title: t('col_area'), dataIndex: 'areaName', width: 110, render: (n: string | null | undefined, r) => n ?? r.areaCode ?? t('area_city') },
            { title: t('f_unit'), dataIndex: ['owner', 'text'], render: (text: string, r) => (r.coUnitNames?.length ? `${text}（${t('cand_basis_co_unit')}：${r.coUnitNames.join('、')}）` : text) },
            { title: t('filing_condition'), dataIndex: 'condition', ellipsis: true },
            { title: t('col_deadline'), dataIndex: ['timeLimits', 'handle', 'text'], width: 100 },
            { title: t('legal_basis'), dataIndex: 'legalBasis', ellipsis: true },
          ]}
        />
      </Space>
    </Card>
  );
}

export function CalendarTab() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const days = useQuery({ queryKey: ['calendar-days', year], queryFn: () => ok(http.GET('/api/v1/calendar/days', { params: { query: { year } } })) });
  const add = useMutation({
    mutationFn: (v: { date: string; kind: 'workday' | 'holiday'; name: string }) => ok(http.PUT('/api/v1/calendar/overrides/{date}', { params: { path: { date: v.date } }, body: { kind: v.kind, name: v.name } })),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['calendar-days'] });
    },
  });
  const remove = useMutation({
    mutationFn: (date: string) => ok(http.DELETE('/api/v1/calendar/overrides/{date}', { params: { path: { date } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['calendar-days'] }),
  });
  return (
    <Card size="small" extra={<Select value={year} onChange={setYear} options={[-1, 0, 1, 2].map((d) => ({ value: new Date().getFullYear() + d, label: String(new Date().getFullYear() + d) }))} />}>
      <FormError error={add.error ?? remove.error ?? days.error} />
      {days.data && !days.data.covered && <Typography.Paragraph type="warning">{year}: {t('admin_calendar')} — dataset missing / 数据集未覆盖，请添加调整</Typography.Paragraph>}
      <Form form={form} layout="inline" onFinish={(v: { date: { format(f: string): string }; kind: 'workday' | 'holiday'; name: string }) => add.mutate({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name })} style={{ marginBottom: 12 }}>
        <Form.Item name="date" label={t('admin_date')} rules={[{ required: true, message: t('required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label={t('admin_kind')} rules={[{ required: true, message: t('required') }]}>
          <Select style={{ width: 180 }} options={[{ value: 'workday', label: t('admin_workday') }, { value: 'holiday', label: t('admin_holiday') }]} />
        </Form.Item>
        <Form.Item name="name" label={t('admin_name')} rules={[{ required: true, message: t('required') }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('admin_addOverride')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="date"
        loading={days.isLoading}
        dataSource={days.data?.days ?? []}
        pagination={{ pageSize: 20, size: 'small' }}
        columns={[
          { title: t('admin_date'), dataIndex: 'date' },
          { title: t('admin_kind'), dataIndex: 'kind', render: (k: string) => (k === 'workday' ? t('admin_workday') : k === 'holiday' ? t('admin_holiday') : k) },
          { title: t('admin_name'), dataIndex: 'name' },
          { title: '', dataIndex: 'source', render: (src: string, d) => (src === 'admin' ? <Button size="small" danger onClick={() => remove.mutate(d.date)}>{t('reset')}</Button> : <Typography.Text type="secondary">{src}</Typography.Text>) },
        ]}
      />
    </Card>
  );
}
