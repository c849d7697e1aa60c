/**
 * 完整性 Integrity (city-scope administrators): the report — forged rows, cut-off tails, deleted
 * records, with the last good seal — the seals, sealing now, and a seal file for an outside party.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { FormError } from '../../components/FormError.js';

const PROBLEM_COLOR: Record<string, string> = { truncated: 'orange', deleted: 'red', row_forged: 'magenta', chain_broken: 'magenta', rewritten: 'magenta' };

export function IntegrityTab() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const report = useQuery({ queryKey: ['integrity'], queryFn: async () => ok(http.GET('/api/v1/integrity')) });
  const seals = useQuery({ queryKey: ['integrity-seals'], queryFn: async () => (await ok(http.GET('/api/v1/integrity/seals', { params: { query: { limit: 20 } } }))).items });
  const seal = useMutation({
    mutationFn: async () => ok(http.POST('/api/v1/integrity/seals')),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['integrity'] }).then(() => qc.invalidateQueries({ queryKey: ['integrity-seals'] })),
  });
  const r = report.data;
  const lastGood = r?.seals.lastGood;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="integrity">
      <Typography.Paragraph type="secondary">{t('admin_integrityHint')}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={seal.isPending} onClick={() => seal.mutate()} data-testid="seal-now">{t('admin_sealNow')}</Button>
        <Button icon={<DownloadOutlined />} href="/api/v1/integrity/seals/latest/export" disabled={!lastGood} data-testid="seal-export">{t('admin_sealExport')}</Button>
        <Button onClick={() => void report.refetch()} loading={report.isFetching}>{t('admin_integrityCheck')}</Button>
      </Space>
      <FormError error={seal.error ?? report.error} />
      {r && (
        <Card size="small">
          {r.ok
            ? <Alert type="success" showIcon title={t('admin_integrityOk')} data-testid="integrity-ok" />
            : <Alert type="error" showIcon title={`${t('admin_integrityBroken')}: ${r.problems.length}`} data-testid="integrity-broken" />}
          <Space size="large" wrap style={{ marginTop: 12 }}>
            {Object.entries(r.kinds).map(([kind, k]) => <Statistic key={kind} title={`${t('admin_integrityRecords')} · ${kind}`} value={k.streams} suffix={` / ${k.events} ${t('admin_integrityEvents')}`} />)}
            <Statistic title={t('admin_integrityForged')} value={r.counts.forged} />
            <Statistic title={t('admin_integrityTruncated')} value={r.counts.truncated} />
            <Statistic title={t('admin_integrityDeleted')} value={r.counts.deleted} />
            <Statistic title={t('admin_integritySealProblems')} value={r.counts.seal} />
          </Space>
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('admin_lastGoodSeal')}>
              {lastGood ? `#${lastGood.seq} · ${formatInstant(lastGood.at)} · ${lastGood.streams} · ${lastGood.root.slice(0, 16)}…` : t('admin_noSeal')}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin_integrityCheckedAt')}>{formatInstant(r.checkedAt)}</Descriptions.Item>
          </Descriptions>
          {r.problems.length > 0 && (
            <Table
              rowKey={(p) => `${p.problem}-${p.kind ?? ''}-${p.id ?? ''}-${p.seq ?? ''}`}
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={r.problems}
              columns={[
                { title: t('admin_integrityProblem'), render: (_, p) => <Tag color={PROBLEM_COLOR[p.problem] ?? 'volcano'}>{p.problem}</Tag> },
                { title: t('admin_integrityRecord'), render: (_, p) => (p.kind ? `${p.kind} ${p.code ?? p.id}` : '—') },
                { title: t('admin_integrityWhat'), render: (_, p) => (lang === 'zh' ? p.message : p.messageEn) },
                { title: t('admin_integritySealedAt'), render: (_, p) => (p.sealedAt ? formatInstant(p.sealedAt) : '—') },
              ]}
            />
          )}
        </Card>
      )}
      <Card size="small" title={t('admin_seals')}>
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          loading={seals.isLoading}
          dataSource={seals.data ?? []}
          columns={[
            { title: '#', dataIndex: 'seq', width: 60 },
            { title: t('admin_sealAt'), render: (_, s) => formatInstant(s.at) },
            { title: t('admin_integrityRecords'), render: (_, s) => Object.entries(s.kinds).map(([k, n]) => `${n} ${k}`).join(' · ') },
            { title: t('admin_sealChanged'), dataIndex: 'changed' },
            { title: t('admin_sealRefused'), render: (_, s) => (s.refused ? <Tag color="red">{s.refused}</Tag> : 0) },
            { title: t('admin_sealHash'), render: (_, s) => <Typography.Text code copyable={{ text: s.hash }}>{s.hash.slice(0, 12)}</Typography.Text> },
            { title: 'RFC 3161', render: (_, s) => (s.timestamped ? <Tag color="green">✓</Tag> : '—') },
            { title: t('export'), render: (_, s) => <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/integrity/seals/${s.seq}/export`} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
