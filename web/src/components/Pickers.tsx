import { Select } from 'antd';
import { useClasses, useUnits } from '../api/cases.js';
import { useI18n } from '../i18n/I18n.js';

/** A class picker searchable by name or code (small classes; big classes show as groups). */
export function ClassPicker({ id, value, onChange, allowClear, style, testId = 'class-picker' }: { id?: string; value?: string | undefined; onChange?: (v: string | undefined) => void; allowClear?: boolean; style?: React.CSSProperties; testId?: string }) {
  const { t } = useI18n();
  const classes = useClasses();
  const options = (classes.data ?? [])
    .filter((c) => c.enabled !== false && c.minorCode !== null)
    .map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));
  return (
    <Select
      id={id}
      data-testid={testId}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear ?? false}
      placeholder={t('intake_classPicker')}
      loading={classes.isLoading}
      options={options}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

export function UnitSelect({ id, value, onChange, allowClear, style, testId = 'unit-select' }: { id?: string; value?: string | undefined; onChange?: (v: string | undefined) => void; allowClear?: boolean; style?: React.CSSProperties; testId?: string }) {
  const { t } = useI18n();
  const units = useUnits();
  return (
    <Select
      id={id}
      data-testid={testId}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear ?? false}
      placeholder={t('f_unit')}
      loading={units.isLoading}
      options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
