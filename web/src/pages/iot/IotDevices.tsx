/** Devices on the map and in a list with live status; a device's live chart in a drawer. */
import { useMemo, useState } from 'react';
import { Col, Descriptions, Drawer, Row, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/I18n.js';
import { useAlarms, useDevices, useSeries, type IotDevice } from '../../api/iot.js';
import { CityMap } from '../../map/CityMap.js';
import { Chart } from '../../components/Chart.js';
import { formatInstant } from '../../model/format.js';
import type { FeatureCollection } from '../../model/mapdata.js';

const COLORS = { alarm: '#cf1322', online: '#389e0d', offline: '#8c8c8c' } as const;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Readings with their names and units (等效声级 dB(A) 67.7 · …). */
function valuesText(values: Record<string, number>, td: (p: string, v: string) => string): string {
  return Object.entries(values).map(([k, v]) => `${td('reading', k)} ${Math.round(v * 100) / 100}`).join(' · ');
}

export function DevicesTab() {
  const { t, td } = useI18n();
  const devices = useDevices();
  const alarms = useAlarms(true);
  const [open, setOpen] = useState<string | null>(null);
  const inAlarm = useMemo(() => new Set((alarms.data?.items ?? []).map((a) => a.deviceId)), [alarms.data]);
  const statusOf = (d: IotDevice) => (inAlarm.has(d.id) ? 'alarm' : d.online ? 'online' : 'offline');
  const features: FeatureCollection<object> = useMemo(() => ({
    type: 'FeatureCollection',
    features: (devices.data?.items ?? []).map((d) => ({
      type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [d.lon, d.lat] as [number, number] },
      properties: { id: d.id, code: d.id, cls: d.name, color: COLORS[statusOf(d)], count: 1 },
    })),
  }), [devices.data, inAlarm]);
  const statusTag = (d: IotDevice) => {
    const s = statusOf(d);
    return <Tag color={s === 'alarm' ? 'red' : s === 'online' ? 'green' : 'default'}>{t(s === 'alarm' ? 'iot_inAlarm' : s === 'online' ? 'iot_online' : 'iot_offline')}</Tag>;
  };
  const device = devices.data?.items.find((d) => d.id === open) ?? null;
  // Devices in alarm first, then offline ones: what needs someone comes to the top.
  const rows = useMemo(() => {
    const rank = { alarm: 0, offline: 1, online: 2 } as const;
    return [...(devices.data?.items ?? [])].sort((a, b) => rank[statusOf(a)] - rank[statusOf(b)]);
  }, [devices.data, inAlarm]);
  return (
    <Row gutter={12}>
      <Col xs={24} xl={10}>
        <CityMap cases={features} showCases legend={false} height={520} fitToAreas onCaseClick={setOpen} testId="iot-map" />
      </Col>
      <Col xs={24} xl={14}>
        <Table<IotDevice>
          rowKey="id" size="small" loading={devices.isLoading} dataSource={rows} pagination={{ pageSize: 12 }} data-testid="iot-devices"
          onRow={(d) => ({ onClick: () => setOpen(d.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('iot_device'), dataIndex: 'name', render: (_: unknown, d) => <><div>{d.name}</div><small style={{ color: '#888' }}>{d.id}</small></> },
            { title: t('iot_type'), dataIndex: 'type', width: 110, render: (v: string) => td('devType', v) },
            { title: t('iot_owner'), dataIndex: 'ownerName', ellipsis: true },
            { title: t('iot_state'), key: 'status', width: 90, render: (_: unknown, d) => statusTag(d) },
            { title: t('iot_lastValues'), key: 'values', render: (_: unknown, d) => valuesText(d.lastValues, td) },
            { title: t('iot_lastSeen'), dataIndex: 'lastSeenAt', width: 140, render: (v: number | null) => formatInstant(v) },
          ]}
        />
      </Col>
      <Drawer open={!!device} onClose={() => setOpen(null)} width={720} title={device ? `${device.name}（${device.id}）` : ''} destroyOnHidden>
        {device && <DeviceDetail device={device} status={statusTag(device)} />}
      </Drawer>
    </Row>
  );
}

function DeviceDetail({ device, status }: { device: IotDevice; status: React.ReactNode }) {
  const { t, td } = useI18n();
  const series = useSeries(device.id);
  const lines = Object.entries(series.data?.series ?? {});
  return (
    <>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('iot_type')}>{td('devType', device.type)}</Descriptions.Item>
        <Descriptions.Item label={t('iot_state')}>{status}</Descriptions.Item>
        <Descriptions.Item label={t('iot_owner')}>{device.ownerName}</Descriptions.Item>
        <Descriptions.Item label={t('iot_contact')}>{device.contactName} {device.contactPhone}</Descriptions.Item>
        <Descriptions.Item label={t('iot_lastSeen')}>{formatInstant(device.lastSeenAt)}</Descriptions.Item>
        <Descriptions.Item label={t('iot_lastValues')}>{valuesText(device.lastValues, td) || '—'}</Descriptions.Item>
      </Descriptions>
      <h4 style={{ marginTop: 16 }}>{t('iot_live')}</h4>
      <Chart
        testId="iot-live-chart"
        height={300}
        option={{
          // Times on the city's clock whatever the browser's zone: points shifted to Shanghai, drawn as UTC.
          useUTC: true,
          tooltip: { trigger: 'axis' },
          legend: { top: 0, data: lines.map(([k]) => td('reading', k)) },
          grid: { left: 48, right: 24, top: 40, bottom: 40 },
          xAxis: {
            type: 'time', splitNumber: 6,
            axisLabel: { hideOverlap: true, formatter: (v: number) => { const d = new Date(v); return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; } },
          },
          yAxis: { type: 'value', scale: true },
          series: lines.map(([k, pts]) => ({ name: td('reading', k), type: 'line', showSymbol: pts.length < 5, data: pts.map((p) => [p.at + SHANGHAI_OFFSET_MS, p.mean]) })),
        }}
      />
    </>
  );
}
