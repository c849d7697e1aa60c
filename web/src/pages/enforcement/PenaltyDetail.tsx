/** One penalty case: its stage and statutory clock, party, proposal, documents, evidence and the whole-process record; the actions this user may take. */
import { Button, Descriptions, Drawer, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { LightDot } from '../../components/CaseBits.js';
import { useIssueDocument, usePenaltyCase, usePenaltyEvents, type DocumentKindBody, type PenaltyCaseView } from '../../api/enforcement.js';
import { FormError } from '../../components/FormError.js';
import { useMe } from '../../api/session.js';
import { ActionButtons } from './ActionForm.js';
import { CaseImpounds } from './ImpoundForm.js';
import { ImpoundDetail } from './YardTab.js';
import { yuanText } from './format.js';

const EVENT_NAMES: Record<string, string> = {
  clue_opened: '登记线索', filed: '立案', dismissed: '不予立案', summary_decided: '当场处罚', evidence_recorded: '调查取证', investigation_finished: '调查终结',
  proposed: '提出处理意见', notified: '告知', statement_recorded: '陈述申辩', hearing_requested: '申请听证', hearing_scheduled: '安排听证', hearing_held: '举行听证',
  submitted: '提请决定', legal_review_requested: '提请法制审核', legal_reviewed: '法制审核', collectively_discussed: '集体讨论', decided: '作出决定', extended: '延长期限',
  served: '送达', paid: '缴款', payment_arranged: '延期/分期缴纳', demanded: '催告', court_applied: '申请强制执行', closed: '结案', archived: '归档', file_reviewed: '案卷评查',
  disclosed: '公示', revoked: '撤销决定', party_notified: '短信告知当事人', party_statement: '当事人在线陈述申辩', impounded: '查封扣押', document_issued: '制作文书', deadline_warning: '黄灯预警', deadline_overdue: '红灯超期',
};

/** The documents the case is ready for, each one click (a re-issue keeps the 文号 and adds a version). */
function IssueDocuments({ p }: { p: PenaltyCaseView }) {
  const { t } = useI18n();
  const issue = useIssueDocument();
  if (!p.documentsReady.length) return null;
  return (
    <div data-testid="issue-documents">
      {issue.error ? <FormError error={issue.error} /> : null}
      <Space wrap>
        {p.documentsReady.map((d) => (
          <Button key={d.kind} size="small" data-doc={d.kind} loading={issue.isPending && issue.variables?.kind === d.kind}
            onClick={() => issue.mutate({ id: p.id, kind: d.kind as DocumentKindBody })}>
            {d.issued ? `${t('enf_reissue')} ${d.title}` : `${t('enf_issue')} ${d.title}`}
          </Button>
        ))}
      </Space>
    </div>
  );
}

export function PenaltyDetail({ id, onClose }: { id: string | undefined; onClose(): void }) {
  const { t } = useI18n();
  const q = usePenaltyCase(id);
  const ev = usePenaltyEvents(id);
  const p = q.data?.penaltyCase;
  const me = useMe();
  const [impound, setImpound] = useState<string | undefined>();
  // Things are taken in for a filed case that is not yet closed (the place and party come from it).
  const canTake = ((me.data?.actions as readonly string[] | undefined)?.includes('impound.manage') ?? false) && !!p?.party && !['closed', 'archived', 'dismissed', 'transferred'].includes(p.state);
  return (
    <Drawer open={!!id} onClose={onClose} width={860} title={p ? `${p.code} · ${p.stateName}` : ''} data-testid="penalty-detail">
      {p && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div data-testid="penalty-actions"><ActionButtons p={p} /></div>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('enf_state')}><Tag color="blue">{p.stateName}</Tag>{p.procedure === 'summary' ? <Tag>简易程序</Tag> : null}</Descriptions.Item>
            <Descriptions.Item label={t('enf_clock')}>
              {p.clock.stage ? <Space><LightDot light={p.clock.light} />{p.clock.stageName}{t('enf_due')} {formatInstant(p.clock.dueAt)}</Space> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enf_source')}>{p.sourceName}{p.cityCaseId ? <Typography.Link href={`/cases/${p.cityCaseId}`} style={{ marginLeft: 8 }}>关联案卷</Typography.Link> : null}</Descriptions.Item>
            <Descriptions.Item label="地点">{p.place.address}</Descriptions.Item>
            <Descriptions.Item label={t('enf_violation')} span={2}>{p.violationName ?? p.summary}</Descriptions.Item>
            <Descriptions.Item label={t('enf_party')}>{p.party ? `${p.party.name}（${p.party.kind === 'person' ? '自然人' : '单位'}）${p.party.idNumber ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enf_officers')}>{p.officers.map((o) => `${o.name}（${o.certNo}）`).join('、') || '—'}</Descriptions.Item>
            {p.proposal && <Descriptions.Item label={t('enf_tier')}>{p.proposal.tier} · {yuanText(p.proposal.rangeMinFen)}–{yuanText(p.proposal.rangeMaxFen)}</Descriptions.Item>}
            {p.proposal && <Descriptions.Item label={t('enf_fine')}>{yuanText(p.decision?.fineFen ?? p.proposal.fineFen)}{p.proposal.waivedFen ? `（${t('enf_waived')} ${yuanText(p.proposal.waivedFen)}）` : ''}</Descriptions.Item>}
            {p.proposal?.lenience && <Descriptions.Item label={t('enf_lenience')} span={2}>{p.proposal.lenience.circumstance}</Descriptions.Item>}
            {p.legalReview && <Descriptions.Item label={t('enf_triggers')} span={2}>{p.legalReview.triggers.join('、') || '—'}{p.legalReview.passed !== null ? ` · ${p.legalReview.passed ? '审核通过' : '审核未通过'}：${p.legalReview.opinion}` : ''}</Descriptions.Item>}
            {p.notice && <Descriptions.Item label="陈述申辩期限">{formatInstant(p.notice.rightsUntil)}{p.notice.hearingRight ? '（有听证权利）' : ''}</Descriptions.Item>}
            {p.payment && <Descriptions.Item label="缴款">{`已缴 ${yuanText(p.payment.paidFen)}，应缴至 ${formatInstant(p.payment.dueAt)}${p.payment.owedNowFen ? `，尚欠 ${yuanText(p.payment.owedNowFen)}` : ''}`}</Descriptions.Item>}
            {p.disclosure && <Descriptions.Item label={t('enf_disclosure')}>{p.disclosure.state === 'published' ? `已公示 ${formatInstant(p.disclosure.publishedAt)}` : p.disclosure.state === 'withdrawn' ? '已撤下' : `待公示（${formatInstant(p.disclosure.dueAt)} 前）`}</Descriptions.Item>}
            {p.fileReview && <Descriptions.Item label="案卷评查">{p.fileReview.score} 分</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5}>{t('enf_documents')}</Typography.Title>
          <IssueDocuments p={p} />
          <Table size="small" rowKey={(d) => `${d.kind}-${d.version}`} pagination={false} dataSource={p.documents} data-testid="penalty-documents"
            columns={[
              { title: '文书', dataIndex: 'title' },
              { title: '文号', dataIndex: 'docNo' },
              { title: '版本', dataIndex: 'version', width: 60 },
              { title: '时间', dataIndex: 'at', render: (v: number) => formatInstant(v) },
              { title: '', key: 'open', render: (_: unknown, d) => <a href={`/api/v1/penalty-cases/${p.id}/documents/${d.sha256}`} target="_blank" rel="noreferrer">PDF</a> },
            ]} />
          <CaseImpounds p={p} canTake={canTake} onOpen={setImpound} />
          <Typography.Title level={5}>{t('enf_evidence')}（{p.evidence.length}）</Typography.Title>
          <Space wrap>{p.evidence.map((e) => <a key={e.sha256 + e.at} href={`/api/v1/penalty-cases/${p.id}/evidence/${e.sha256}`} target="_blank" rel="noreferrer"><Tag>{e.kind} · {e.sha256.slice(0, 8)}</Tag></a>)}</Space>
          <Typography.Title level={5}>{t('enf_timeline')}</Typography.Title>
          <Timeline items={(ev.data?.items ?? []).map((e) => ({ key: e.seq, children: <span><b>{EVENT_NAMES[e.type] ?? e.type}</b> · {formatInstant(e.at)} · <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.hash.slice(0, 12)}</Typography.Text></span> }))} />
        </Space>
      )}
      <ImpoundDetail id={impound} onClose={() => setImpound(undefined)} />
    </Drawer>
  );
}
