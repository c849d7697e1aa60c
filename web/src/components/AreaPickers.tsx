/** District and street pickers fed by the geo API (GB/T 2260 codes); usable as Form.Item children. */
import { Select } from 'antd';
import { useDistricts, useStreets } from '../api/admin.js';
import { useI18n } from '../i18n/I18n.js';

interface PickerProps {
  value?: string | null | undefined;
  onChange?: (v: string | null) => void;
  testId?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
}

export function DistrictSelect({ value, onChange, testId = 'district-select', disabled, style }: PickerProps) {
  const { t } = useI18n();
  const districts = useDistricts();
  return (
    <Select
      data-testid={testId}
      allowClear
      disabled={disabled ?? false}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('admin_district')}
      loading={districts.isLoading}
      options={(districts.data ?? []).map((d) => ({ value: d.code, label: `${d.name} ${d.code}` }))}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      {...(style ? { style } : {})}
    />
  );
}

export function StreetSelect({ districtCode, value, onChange, testId = 'street-select', disabled, style }: PickerProps & { districtCode: string | null | undefined }) {
  const { t } = useI18n();
  const streets = useStreets(districtCode);
  return (
    <Select
      data-testid={testId}
      allowClear
      disabled={(disabled ?? false) || !districtCode}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('admin_street')}
      loading={streets.isLoading && !!districtCode}
      options={(streets.data ?? []).map((s) => ({ value: s.code, label: `${s.name} ${s.code}` }))}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      {...(style ? { style } : {})}
    />
  );
}
