/** A role's worklist (paged, most urgent first) beside the selected case. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Segmented, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useWorklist } from '../api/cases.js';
import { usePublicConfig } from '../api/session.js';
import { CityMap } from '../map/CityMap.js';
import { casesToGeoJson } from '../model/mapdata.js';
import { useI18n } from '../i18n/I18n.js';
import { CaseTable } from './CaseBits.js';
import { CasePanel } from './CasePanel.js';
import type { CaseView as CaseSummary } from '../api/schema.js';
import type { CaseAction } from '../model/lifecycle.js';

export interface WorklistTab {
  key: string;
  label: string;
  /** Only cases in this phase (e.g. `accepted`); all the worklist when absent. */
  phase?: string;
}

export function Worklist({ title, tabs, extraColumns, only, showDuplicates, showMap, testId = 'worklist' }: {
  title: string;
  tabs?: WorklistTab[];
  extraColumns?: ColumnsType<CaseSummary>;
  only?: readonly CaseAction[];
  showDuplicates?: boolean;
  /** An overview map of the current lane's cases above the list; a click on a point selects its case. */
  showMap?: boolean;
  testId?: string;
}) {
  const { t, err } = useI18n();
  const config = usePublicConfig();
  const [tab, setTab] = useState(tabs?.[0]?.key ?? '');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | undefined>();
  const phase = tabs?.find((x) => x.key === tab)?.phase;
  const list = useWorklist(page, 20, phase);
  const items = list.data?.items ?? [];
  const lane = list.lane;
  const points = useMemo(() => (showMap ? casesToGeoJson(lane) : undefined), [showMap, phase, list.dataUpdatedAt]);
  const focused = lane.find((c) => c.id === selected);
  /** Select a case from the map, turning the list to the page that holds it. */
  const selectFromMap = (id: string) => {
    const at = lane.findIndex((c) => c.id === id);
    if (at < 0) return;
    setSelected(id);
    setPage(Math.floor(at / 20) + 1);
  };

  // Keep a selection while the list changes under live updates; pick the first when none.
  useEffect(() => {
    if (items.length === 0) return;
    if (!selected || !items.some((c) => c.id === selected)) setSelected(items[0]?.id);
  }, [list.data]);

  return (
    <Row gutter={12}>
      <Col xs={24} xl={13}>
        {showMap && (
          <Card size="small" title={t('intake_map')} style={{ marginBottom: 12 }} data-testid={`${testId}-map-card`} data-points={points?.features.length ?? 0}>
            <CityMap testId={`${testId}-map`} height={260} areas={['district', 'street']} cases={points} point={focused ? [focused.lon, focused.lat] : null} fitToAreas tileUrl={config.data?.tileUrl} onCaseClick={selectFromMap} />
          </Card>
        )}
        <Card
          size="small"
          title={<Typography.Text strong>{title}</Typography.Text>}
          extra={
            tabs && tabs.length > 1 ? (
              <Segmented
                size="small"
                value={tab}
                onChange={(v) => {
                  setTab(String(v));
                  setPage(1);
                  setSelected(undefined);
                }}
                options={tabs.map((x) => ({ value: x.key, label: x.label }))}
              />
            ) : undefined
          }
        >
          {list.error && <Alert type="error" showIcon title={err(list.error)} style={{ marginBottom: 8 }} />}
          <CaseTable testId={testId} items={items} total={list.data?.total ?? 0} page={page} onPage={setPage} loading={list.isLoading} onSelect={(c) => setSelected(c.id)} selectedId={selected} extraColumns={extraColumns} compact />
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <CasePanel id={selected} only={only} showDuplicates={showDuplicates ?? false} />
      </Col>
    </Row>
  );
}
