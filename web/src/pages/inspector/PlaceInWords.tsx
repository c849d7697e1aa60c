/** The reporter's position in words as soon as it is taken: district · street · community · grid
 * (GET /api/v1/geo/locate), not raw coordinates; a point outside the city's grids says so. */
import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import type { Position } from './useGeolocation.js';

export function usePlace(pos: Position | null) {
  return useQuery({
    queryKey: ['locate', pos ? pos.lon.toFixed(6) : '', pos ? pos.lat.toFixed(6) : ''],
    enabled: !!pos,
    retry: false,
    staleTime: Infinity,
    queryFn: () => ok(http.GET('/api/v1/geo/locate', { params: { query: { lon: pos!.lon, lat: pos!.lat } } })),
  });
}

export function PlaceInWords({ pos }: { pos: Position | null }) {
  const { t } = useI18n();
  const place = usePlace(pos);
  if (!pos) return null;
  if (place.error) return <Typography.Text type="danger" data-testid="place-unknown">{t('insp_placeUnknown')}</Typography.Text>;
  const p = place.data;
  if (!p) return <Tag data-testid="position">…</Tag>;
  const words = [p.district.name, p.street.name, p.community.name, p.grid.name].join(' · ');
  return (
    <Tag color="green" data-testid="position" title={`${pos.lon.toFixed(5)}, ${pos.lat.toFixed(5)}`} style={{ whiteSpace: 'normal', lineHeight: '20px', padding: '2px 8px' }}>
      <span data-testid="place-words">{words}</span>
    </Tag>
  );
}
