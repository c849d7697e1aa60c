/** 摄像头地图: every camera in the reader's area on the city map (green: reviewed for evidence, amber: not reviewed, red: a pair suppressed), with algorithm badges beside it. */
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Input, List, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { http, ok } from '../../api/client.js';
import { useMe, usePublicConfig } from '../../api/session.js';
import { ImportButton } from '../admin/Upload.js';
import type { VideoCamera } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';
import { CityMap } from '../../map/CityMap.js';
import type { FeatureCollection } from '../../model/mapdata.js';

const COLORS = { reviewed: '#2e9d4f', unreviewed: '#e6a700', suppressed: '#d4380d' } as const;
const colorOf = (c: VideoCamera) => (c.suppressed.length ? COLORS.suppressed : c.reviewPassed ? COLORS.reviewed : COLORS.unreviewed);

/** 导入/导出: the register as XLSX or CSV for an administrator (all or nothing, row errors shown under the button). */
function RegisterFiles() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const send = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    const r = await ok(http.POST('/api/v1/video/cameras/import', { body: form as never, bodySerializer: (b: unknown) => b as FormData }));
    return r.created.length + r.updated.length;
  };
  return (
    <Space align="start" wrap data-testid="video-camera-files">
      <Tooltip title={t('v_camImportHint')}>
        <div><ImportButton send={send} accept=".xlsx,.csv" label={t('v_camImport')} testId="video-camera-import" onDone={() => void qc.invalidateQueries({ queryKey: ['video-cameras'] })} /></div>
      </Tooltip>
      <Button icon={<DownloadOutlined />} href="/api/v1/video/cameras/export?format=xlsx" data-testid="video-camera-export">{t('v_camExport')}</Button>
      <Button icon={<FileExcelOutlined />} href="/api/v1/video/cameras/export?format=xlsx&template=true">{t('v_camTemplate')}</Button>
    </Space>
  );
}

export function CameraMap() {
  const { t } = useI18n();
  const me = useMe();
  const admin = !!me.data?.actions.includes('video.admin');
  const [focus, setFocus] = useState<VideoCamera | null>(null);
  const [q, setQ] = useState('');
  const cameras = useQuery({ queryKey: ['video-cameras'], queryFn: () => ok(http.GET('/api/v1/video/cameras')) });
  const algorithms = useQuery({ queryKey: ['video-algorithms'], queryFn: () => ok(http.GET('/api/v1/video/algorithms')) });
  const config = usePublicConfig();
  const algName = useMemo(() => new Map((algorithms.data?.algorithms ?? []).map((a) => [a.code, a.name])), [algorithms.data]);
  const list = cameras.data?.cameras ?? [];
  const shown = q ? list.filter((c) => c.name.includes(q) || c.code.includes(q)) : list;
  const geo = useMemo<FeatureCollection<object>>(() => ({
    type: 'FeatureCollection',
    features: list.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { id: c.code, code: c.code, color: colorOf(c), light: 'green', status: '', cls: c.name } })),
  }), [list]);
  const reviewed = list.filter((c) => c.reviewPassed).length;
  return (
    <Row gutter={12}>
      <Col xs={24} xl={16}>
        <CityMap
          testId="video-camera-map" height="calc(100vh - 260px)" tileUrl={config.data?.tileUrl} areas={['district', 'street']} cases={geo} showCases legend={false} fitToAreas
          focus={focus ? [focus.lon, focus.lat] : null} focusZoom={15} onCaseClick={(code) => setFocus(list.find((c) => c.code === code) ?? null)}
        />
        <Space style={{ marginTop: 6 }} size="large">
          <Typography.Text type="secondary" data-testid="video-camera-count">{t('v_cameraCount', { n: list.length, r: reviewed })}</Typography.Text>
          <Badge color={COLORS.reviewed} text={t('v_reviewed')} />
          <Badge color={COLORS.unreviewed} text={t('v_unreviewed')} />
          <Badge color={COLORS.suppressed} text={t('v_suppressed')} />
        </Space>
        {admin && <div style={{ marginTop: 8 }}><RegisterFiles /></div>}
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={<Input.Search allowClear placeholder={t('v_camera')} onSearch={setQ} />} styles={{ body: { padding: 0, maxHeight: 'calc(100vh - 300px)', overflow: 'auto' } }}>
          <List<VideoCamera>
            data-testid="video-camera-list" size="small" dataSource={shown.slice(0, 300)}
            renderItem={(c) => (
              <List.Item onClick={() => setFocus(c)} style={{ cursor: 'pointer', background: focus?.code === c.code ? '#e6f4ff' : undefined, padding: '8px 12px' }}>
                <div style={{ width: '100%' }}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong><Badge color={colorOf(c)} /> {c.name}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.code}</Typography.Text>
                  </Space>
                  <div style={{ marginTop: 4 }}>
                    {c.algorithms.map((a) => (
                      <Tag key={a.code} color={c.suppressed.includes(a.code) ? 'red' : 'blue'} style={{ marginBottom: 4 }}>{algName.get(a.code) ?? a.code}{c.suppressed.includes(a.code) ? ` · ${t('v_suppressed')}` : ''}</Tag>
                    ))}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('v_owner')}：{c.owner} · {c.reviewPassed ? t('v_reviewed') : t('v_unreviewed')}</Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
