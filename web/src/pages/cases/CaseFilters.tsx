import { DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/I18n.js';
import { SOURCES, STATUSES } from '../../model/lifecycle.js';
import { ClassPicker, UnitSelect } from '../../components/Pickers.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';
import type { CaseFilters } from '../../api/cases.js';

/** Filters shared by the case search and the command center: class, source, unit, period, status, light, text. */
export function CaseFilterBar({ value, onChange, fields = ['q', 'status', 'light', 'categoryCode', 'source', 'area', 'unitId', 'period'] }: { value: CaseFilters; onChange(v: CaseFilters): void; fields?: string[] }) {
  const { t, td } = useI18n();
  const set = (patch: Partial<CaseFilters>) => onChange({ ...value, ...patch });
  const has = (f: string) => fields.includes(f);
  return (
    <Space wrap data-testid="case-filters">
      {has('q') && <Input.Search allowClear placeholder={t('filter_text')} defaultValue={value.q} onSearch={(q) => set({ q: q || undefined })} style={{ width: 200 }} />}
      {has('status') && (
        <Select allowClear placeholder={t('filter_status')} value={typeof value.status === 'string' ? value.status : undefined} onChange={(s?: string) => set({ status: s })} style={{ width: 130 }} options={STATUSES.map((s) => ({ value: s, label: td('status', s) }))} />
      )}
      {has('light') && (
        <Select allowClear placeholder={t('filter_light')} value={value.light} onChange={(l?: string) => set({ light: l })} style={{ width: 110 }} options={['green', 'yellow', 'red'].map((l) => ({ value: l, label: td('light', l) }))} />
      )}
      {has('categoryCode') && <ClassPicker allowClear value={value.categoryCode} onChange={(c) => set({ categoryCode: c })} style={{ width: 220 }} />}
      {has('source') && (
        <Select allowClear placeholder={t('filter_source')} value={value.source} onChange={(s?: string) => set({ source: s })} style={{ width: 130 }} options={SOURCES.map((s) => ({ value: s, label: td('source', s) }))} />
      )}
      {has('area') && (
        <DistrictSelect testId="filter-district" value={value.districtCode} onChange={(d) => set({ districtCode: d ?? undefined, streetCode: undefined })} style={{ width: 150 }} />
      )}
      {has('area') && (
        <StreetSelect testId="filter-street" districtCode={value.districtCode} value={value.streetCode} onChange={(s) => set({ streetCode: s ?? undefined })} style={{ width: 170 }} />
      )}
      {has('unitId') && <UnitSelect allowClear value={value.unitId} onChange={(u) => set({ unitId: u })} style={{ width: 200 }} />}
      {has('period') && (
        <DatePicker.RangePicker
          value={value.from && value.to ? [dayjs(value.from), dayjs(value.to - 1)] : null}
          onChange={(r) => {
            if (!r || !r[0] || !r[1]) set({ from: undefined, to: undefined });
            else set({ from: r[0].startOf('day').valueOf(), to: r[1].endOf('day').valueOf() + 1 });
          }}
        />
      )}
    </Space>
  );
}
