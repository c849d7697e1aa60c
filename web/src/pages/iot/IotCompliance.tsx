/** A day's construction-noise compliance per site: minutes whose Leq was over the limit, day and night, worst first (推差). */
import { useState } from 'react';
import { DatePicker, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCompliance, type IotCompliance } from '../../api/iot.js';
import { useI18n } from '../../i18n/I18n.js';

type Row = IotCompliance['items'][number];

export function ComplianceTab() {
  const { t } = useI18n();
  const [date, setDate] = useState<string | undefined>(undefined);
  const data = useCompliance(date);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {t('iot_date')}
        <DatePicker value={dayjs(data.data?.date ?? undefined)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
      </Space>
      <Table<Row>
        rowKey="deviceId" size="small" loading={data.isLoading} dataSource={data.data?.items ?? []} pagination={{ pageSize: 20 }} data-testid="iot-compliance"
        columns={[
          { title: '#', key: 'rank', width: 48, render: (_: unknown, _r, i) => i + 1 },
          { title: t('iot_owner'), dataIndex: 'ownerName' },
          { title: t('iot_device'), dataIndex: 'name' },
          { title: t('iot_limits'), key: 'limits', width: 110, render: (_: unknown, r) => `${r.dayLimit} / ${r.nightLimit} dB` },
          { title: t('iot_dayOver'), dataIndex: 'dayOver', width: 120, render: (v: number, r) => <Tag color={v ? 'orange' : 'green'}>{v} / {r.dayMinutes}</Tag> },
          { title: t('iot_nightOver'), dataIndex: 'nightOver', width: 120, render: (v: number, r) => <Tag color={v ? 'red' : 'green'}>{v} / {r.nightMinutes}</Tag> },
          { title: t('iot_worstLeq'), dataIndex: 'worstLeq', width: 120, render: (v: number | null) => (v === null ? '—' : `${v} dB`) },
        ]}
      />
    </>
  );
}
