/** A role's worklist (paged, most urgent first) beside the selected case. */
import { useEffect, useMemo, useRef, useState } from 'react';
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
  const laneCount = (x: WorklistTab) => (x.phase ? (list.counts[x.phase] ?? 0) : (list.data ? Object.values(list.counts).reduce((a, b) => a + b, 0) : 0));
  const items = list.data?.items ?? [];
  const lane = list.lane;
  const points = useMemo(() => (showMap ? casesToGeoJson(lane) : undefined), [showMap, phase, list.dataUpdatedAt]);
  const focused = lane.find((c) => c.id === selected);
  // Where the selected case stood in the lane, so "next" after an action (which moves it out of the
  // lane) takes the case that followed it.
  const lastIndex = useRef(0);
  const at = lane.findIndex((c) => c.id === selected);
  if (at >= 0) lastIndex.current = at;
  const others = lane.filter((c) => c.id !== selected);
  const next = others.length ? others[Math.min(lastIndex.current, others.length - 1)] : undefined;
  const goNext = () => {
    if (!next) return;
    const i = lane.findIndex((c) => c.id === next.id);
    setSelected(next.id);
    setPage(Math.floor(Math.max(0, i) / 20) + 1);
  };
  /** Select a case from the map, turning the list to the page that holds it. */
  const selectFromMap = (id: string) => {
    const at = lane.findIndex((c) => c.id === id);
    if (at < 0) return;
    setSelected(id);
    setPage(Math.floor(at / 20) + 1);
  };

  // Pick the first case when none is selected. A selected case stays selected even when it leaves the
  // list (after an action, or a live update): the panel keeps showing it until the user moves on.
  useEffect(() => {
    if (items.length === 0 || selected) return;
    setSelected(items[0]?.id);
  }, [list.data, selected]);

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
                options={tabs.map((x) => ({ value: x.key, label: <span data-testid={`lane-${x.key}`} data-count={laneCount(x)}>{t('lane_count', { label: x.label, n: laneCount(x) })}</span> }))}
              />
            ) : undefined
          }
        >
          {list.error && <Alert type="error" showIcon title={err(list.error)} style={{ marginBottom: 8 }} />}
          <CaseTable testId={testId} items={items} total={list.data?.total ?? 0} page={page} onPage={setPage} loading={list.isLoading} onSelect={(c) => setSelected(c.id)} selectedId={selected} extraColumns={extraColumns} compact />
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <CasePanel id={selected} only={only} showDuplicates={showDuplicates ?? false} onNext={next ? goNext : undefined} />
      </Col>
    </Row>
  );
}
