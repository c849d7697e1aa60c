/** Administration: users and roles, units, grid import, classes, responsibility list, calendar overrides, city data files. */
import { Space, Tabs } from 'antd';
import { useI18n } from '../../i18n/I18n.js';
import { CalendarTab, GridsTab, ResponsibilityTab } from './AdminCatalog.js';
import { ClassesTab } from './AdminClasses.js';
import { UnitsTab } from './AdminUnits.js';
import { UsersTab } from './AdminUsers.js';
import { RegistersTab } from './AdminRegisters.js';
import { PublicTab } from './AdminPublic.js';
import { IntegrityTab } from './AdminIntegrity.js';
import { useMe } from '../../api/session.js';
import { GazetteerTab } from './AdminGazetteer.js';

export default function AdminPage() {
  const { t } = useI18n();
  const me = useMe();
  const integrity = me.data?.actions.includes('integrity.admin') && me.data.scope.level === 'city';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="admin">
      <Tabs
        items={[
          { key: 'users', label: t('admin_users'), children: <UsersTab /> },
          { key: 'units', label: <span data-testid="tab-units">{t('admin_units')}</span>, children: <UnitsTab /> },
          { key: 'grids', label: t('admin_grids'), children: <GridsTab /> },
          { key: 'classes', label: <span data-testid="tab-classes">{t('admin_classes')}</span>, children: <ClassesTab /> },
          { key: 'resp', label: t('admin_resp'), children: <ResponsibilityTab /> },
          { key: 'calendar', label: t('admin_calendar'), children: <CalendarTab /> },
          { key: 'registers', label: <span data-testid="tab-registers">{t('admin_registers')}</span>, children: <RegistersTab /> },
          { key: 'public', label: <span data-testid="tab-public">{t('admin_public')}</span>, children: <PublicTab /> },
          ...(integrity ? [{ key: 'integrity', label: <span data-testid="tab-integrity">{t('admin_integrity')}</span>, children: <IntegrityTab /> }] : []),
          { key: 'gazetteer', label: <span data-testid="tab-gazetteer">{t('admin_gazetteer')}</span>, children: <GazetteerTab /> },
        ]}
      />
    </Space>
  );
}
