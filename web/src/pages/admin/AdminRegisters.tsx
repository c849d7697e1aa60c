/** 城市数据: every register a city loads from files — template, import (all or nothing), export. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/I18n.js';
import { http, ok } from '../../api/client.js';
import { ImportButton } from './Upload.js';

type Kind = 'grids' | 'units' | 'users' | 'responsibility' | 'classes' | 'components' | 'holidays' | 'benchmark';

interface RegisterRow {
  kind: Kind;
  zh: string;
  en: string;
}

const REGISTERS: RegisterRow[] = [
  { kind: 'grids', zh: '网格（区县、街道、社区、单元网格）', en: 'Grids (districts, streets, communities, unit grids)' },
  { kind: 'units', zh: '责任单位', en: 'Units' },
  { kind: 'users', zh: '账户', en: 'Accounts' },
  { kind: 'responsibility', zh: '事项清单', en: 'Responsibility list' },
  { kind: 'classes', zh: '本地分类', en: 'Local classes' },
  { kind: 'components', zh: '部件', en: 'Components' },
  { kind: 'holidays', zh: '节假日与调休（一年）', en: 'Holidays and make-up workdays (one year)' },
  { kind: 'benchmark', zh: '行政处罚裁量基准与四张清单', en: 'Discretion benchmark and the four lists' },
];

type Generated = Array<{ username: string; password: string }>;

/** A file → POST /admin/registers/{kind}/import; how many records it wrote, and any generated passwords. */
async function importFile(kind: Kind, file: File): Promise<{ n: number; generated: Generated }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const r = await ok(http.POST('/api/v1/admin/registers/{kind}/import', { params: { path: { kind } }, body: form as never, bodySerializer: (b: unknown) => b as FormData }));
  const n = Number(r.total ?? Number(r.inserted ?? 0) + Number(r.updated ?? 0));
  return { n, generated: Array.isArray(r.generatedPasswords) ? (r.generatedPasswords as Generated) : [] };
}

export function RegistersTab() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [generated, setGenerated] = useState<Generated>([]);
  const base = (kind: string) => `/api/v1/admin/registers/${kind}`;
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('admin_registersHint')}</Typography.Paragraph>
      {generated.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setGenerated([])}
          title={lang === 'zh' ? '新账户的初始密码（只显示这一次，请转交本人并提醒修改）' : 'Initial passwords of the new accounts (shown this once: hand them over and have them changed)'}
          description={<pre style={{ margin: 0 }} data-testid="generated-passwords">{generated.map((g) => `${g.username}\t${g.password}`).join('\n')}</pre>}
        />
      )}
      <Table<RegisterRow>
        rowKey="kind"
        size="small"
        pagination={false}
        dataSource={REGISTERS}
        columns={[
          { title: t('admin_register'), render: (_, r) => (lang === 'zh' ? r.zh : r.en) },
          {
            title: t('admin_template'),
            render: (_, r) =>
              r.kind === 'grids' ? (
                <Button size="small" icon={<FileExcelOutlined />} href={`${base(r.kind)}/template`} data-testid={`template-${r.kind}`}>GeoJSON</Button>
              ) : (
                <Space>
                  <Button size="small" icon={<FileExcelOutlined />} href={`${base(r.kind)}/template?format=xlsx`} data-testid={`template-${r.kind}`}>XLSX</Button>
                  <Button size="small" icon={<FileExcelOutlined />} href={`${base(r.kind)}/template?format=csv`}>CSV</Button>
                </Space>
              ),
          },
          {
            title: t('import'),
            render: (_, r) => (
              <ImportButton
                send={async (file) => {
                  const res = await importFile(r.kind, file);
                  setGenerated(res.generated);
                  return res.n;
                }}
                accept={r.kind === 'grids' ? '.geojson,.json' : '.xlsx,.csv'}
                label={t('import')}
                testId={`register-import-${r.kind}`}
                onDone={() => void qc.invalidateQueries()}
              />
            ),
          },
          {
            title: t('export'),
            render: (_, r) => (
              <Button size="small" icon={<DownloadOutlined />} href={`${base(r.kind)}/export${r.kind === 'grids' ? '' : '?format=xlsx'}`}>
                {t('export')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
