/** 视频AI: the review queue with the box drawn on the snapshot, the camera map, the algorithm shelf and precision. */
import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n/I18n.js';
import { ReviewQueue } from './ReviewQueue.js';
import { CameraMap } from './CameraMap.js';
import { ShelfAdmin } from './ShelfAdmin.js';
import { PrecisionBoard } from './PrecisionBoard.js';

const TABS = ['queue', 'map', 'shelf', 'precision'] as const;

export default function VideoPage() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((k) => location.pathname === `/video/${k}`) ?? 'queue';
  return (
    <Tabs
      data-testid="video-page"
      activeKey={current}
      onChange={(k) => navigate(`/video/${k}`)}
      destroyOnHidden
      items={[
        { key: 'queue', label: t('v_queue'), children: <ReviewQueue /> },
        { key: 'map', label: t('v_map'), children: <CameraMap /> },
        { key: 'shelf', label: t('v_shelf'), children: <ShelfAdmin /> },
        { key: 'precision', label: t('v_precision'), children: <PrecisionBoard /> },
      ]}
    />
  );
}
