/** A role's worklist (paged, most urgent first) beside the selected case. */
import { useEffect, useState } from 'react';
import { Alert, Card, Col, Row, Segmented, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useWorklist } from '../api/cases.js';
import { useI18n } from '../i18n/I18n.js';
import { CaseTable } from './CaseBits.js';
import { CasePanel } from './CasePanel.js';
import type { CaseSummary } from '../api/types.js';
import type { CaseAction } from '../model/lifecycle.js';

export interface WorklistTab {
  key: string;
  label: string;
  /** Only cases in this phase (e.g. `accepted`); all the worklist when absent. */
  phase?: string;
}

export function Worklist({ title, tabs, extraColumns, only, showDuplicates, testId = 'worklist' }: { title: string; tabs?: WorklistTab[]; extraColumns?: ColumnsType<CaseSummary>; only?: readonly CaseAction[]; showDuplicates?: boolean; testId?: string }) {
  const { err } = useI18n();
  const [tab, setTab] = useState(tabs?.[0]?.key ?? '');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | undefined>();
  const phase = tabs?.find((x) => x.key === tab)?.phase;
  const list = useWorklist(page, 20, phase);
  const items = list.data?.items ?? [];

  // Keep a selection while the list changes under live updates; pick the first when none.
  useEffect(() => {
    if (items.length === 0) return;
    if (!selected || !items.some((c) => c.id === selected)) setSelected(items[0]?.id);
  }, [list.data]);

  return (
    <Row gutter={12}>
      <Col xs={24} xl={13}>
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
