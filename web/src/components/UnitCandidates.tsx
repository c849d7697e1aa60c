/** The dispatcher's unit field: the candidate units the server ranks for this case, each with its
 * reason (GET /api/v1/cases/{id}/candidates), and a search over every unit only as the last resort. */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Radio, Space, Spin, Tag, Typography } from 'antd';
import { http, ok } from '../api/client.js';
import { useI18n } from '../i18n/I18n.js';
import type { MessageKey } from '../i18n/dict.js';
import { UnitSelect } from './Pickers.js';

const OTHER = '__other__';
const SHOWN = 8;

export function useUnitCandidates(caseId: string) {
  return useQuery({
    queryKey: ['candidates', caseId],
    queryFn: () => ok(http.GET('/api/v1/cases/{id}/candidates', { params: { path: { id: caseId } } })),
    staleTime: 30_000,
  });
}

export function UnitCandidatesField({ caseId, id, value, onChange, avoidCurrent }: {
  caseId: string;
  id?: string;
  value?: string | undefined;
  onChange?: (v: string | undefined) => void;
  /** Reassigning: the unit holding the case is not a choice. */
  avoidCurrent?: boolean;
}) {
  const { t, lang, err } = useI18n();
  const q = useUnitCandidates(caseId);
  const items = (q.data?.items ?? []).filter((c) => !(avoidCurrent && c.current)).slice(0, SHOWN);
  const listed = items.some((c) => c.unit.id === value);
  const [other, setOther] = useState(false);
  // Preselect the best candidate that did not give the case back.
  useEffect(() => {
    if (value || !q.data) return;
    const best = items.find((c) => !c.returned);
    if (best) onChange?.(best.unit.id);
  }, [q.data]);
  if (q.isLoading) return <Spin size="small" />;
  const choice = other || (value && !listed) ? OTHER : value;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="unit-candidates">
      {q.error && <Alert type="warning" showIcon title={err(q.error)} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {items.length ? t('cand_title') : t('cand_none')}
      </Typography.Text>
      <Radio.Group
        id={id}
        value={choice}
        onChange={(e) => {
          const v = String(e.target.value);
          setOther(v === OTHER);
          onChange?.(v === OTHER ? undefined : v);
        }}
        style={{ width: '100%' }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {items.map((c) => (
            <Radio key={c.unit.id} value={c.unit.id} data-testid="unit-candidate" data-unit-code={c.unit.code} data-basis={c.basis}>
              <Space size={4} wrap>
                <Typography.Text strong>{c.unit.name}</Typography.Text>
                <Tag>{t(`cand_basis_${c.basis}` as MessageKey)}</Tag>
                {c.recommended && <Tag color="green">{t('cand_recommended')}</Tag>}
                {c.current && <Tag color="blue">{t('cand_current')}</Tag>}
                {c.returned && <Tag color="red">{t('cand_returned')}</Tag>}
              </Space>
              <div style={{ fontSize: 12, color: '#666' }} data-testid="candidate-reason">
                {lang === 'zh' ? c.reason : c.reasonEn}
              </div>
            </Radio>
          ))}
          <Radio value={OTHER} data-testid="unit-other">
            {t('cand_other')}
          </Radio>
        </Space>
      </Radio.Group>
      {choice === OTHER && <UnitSelect value={value} onChange={onChange} style={{ width: '100%' }} />}
    </Space>
  );
}
