/** 物联感知: devices (map and list with live status, a device's live chart), alarms (ack, assign,
 * clear, escalation state), rules (edit with validation), daily noise compliance (推差). */
import { Card, Space, Tabs, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/I18n.js';
import { useIotStats } from '../../api/iot.js';
import { DevicesTab } from './IotDevices.js';
import { AlarmsTab } from './IotAlarms.js';
import { RulesTab } from './IotRules.js';
import { ComplianceTab } from './IotCompliance.js';

export default function IotPage() {
  const { t } = useI18n();
  const stats = useIotStats();
  const s = stats.data;
  const rejected = s ? Object.values(s.rejected).reduce((a, b) => a + b, 0) : 0;
  return (
    <Card
      title={t('ws_iot')}
      data-testid="iot-page"
      extra={s && (
        <Space>
          <Typography.Text type="secondary" data-testid="iot-stats">{t('iot_devicesCount', { n: s.devices, online: s.online, alarms: s.activeAlarms })}</Typography.Text>
          {rejected > 0 && <Tag color="orange">{t('iot_rejected')} {rejected}</Tag>}
        </Space>
      )}
    >
      <Tabs
        items={[
          { key: 'devices', label: t('iot_devices'), children: <DevicesTab /> },
          { key: 'alarms', label: t('iot_alarms'), children: <AlarmsTab /> },
          { key: 'rules', label: t('iot_rules'), children: <RulesTab /> },
          { key: 'compliance', label: t('iot_compliance'), children: <ComplianceTab /> },
        ]}
      />
    </Card>
  );
}
