/** On site with a case: the before-photos beside the handler's note and after-photos (so the inspector
 * compares what was reported with what was done), then the case and its actions. */
import { Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useCase } from '../../api/cases.js';
import { useI18n } from '../../i18n/I18n.js';
import { CasePanel, Photos } from '../../components/CasePanel.js';
import type { CaseDetail } from '../../api/schema.js';
import type { CaseAction } from '../../model/lifecycle.js';
import { formatInstant } from '../../model/format.js';

/** The latest handling (处置反馈) of a case: its note, photos and time; null before any. */
export function latestHandling(d: CaseDetail): { note: string | null; photos: string[]; at: number } | null {
  const e = [...d.timeline].reverse().find((x) => x.type === 'handled');
  if (!e) return null;
  return { note: typeof e.data.note === 'string' ? e.data.note : null, photos: [...e.attachments], at: e.at };
}

export function BeforeAfter({ d }: { d: CaseDetail }) {
  const { t, lang } = useI18n();
  const after = latestHandling(d);
  if (!after) return null;
  return (
    <Card size="small" title={t('insp_compare')} data-testid="before-after">
      <Row gutter={8}>
        <Col span={12} data-testid="before-photos">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insp_before')}</Typography.Text>
          {d.case.photos.length ? <Photos refs={d.case.photos} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Col>
        <Col span={12} data-testid="after-photos">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insp_after')}</Typography.Text>
          {after.photos.length ? <Photos refs={after.photos} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Col>
      </Row>
      {after.note && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="handler-note">
          <Typography.Text type="secondary">{lang === 'zh' ? `${t('insp_handlerNote')}（${formatInstant(after.at)}）：` : `${t('insp_handlerNote')} (${formatInstant(after.at)}): `}</Typography.Text>
          {after.note}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

export function OnSiteCase({ id, back, backLabel, onDone }: { id: string; back(): void; backLabel: string; onDone?: (a: CaseAction) => void }) {
  const q = useCase(id);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="onsite-case">
      <Button onClick={back} data-testid="onsite-back">← {backLabel}</Button>
      {q.data && <BeforeAfter d={q.data} />}
      <CasePanel id={id} {...(onDone ? { onDone } : {})} />
    </Space>
  );
}
