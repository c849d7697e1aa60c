/** What the dots' colours mean (the rings of clusters, and the heat scale when it is on), in the map's corner. */
import { useI18n } from '../i18n/I18n.js';
import { LIGHT_COLORS, type Light } from '../model/lifecycle.js';
import type { MessageKey } from '../i18n/dict.js';

const LIGHTS: Light[] = ['red', 'yellow', 'green', 'none'];

export function MapLegend({ heat, rings }: { heat: boolean; rings: boolean }) {
  const { t } = useI18n();
  return (
    <div
      data-testid="map-legend"
      style={{ position: 'absolute', left: 8, bottom: 30, background: 'rgba(255,255,255,.92)', borderRadius: 4, padding: '6px 8px', fontSize: 12, lineHeight: '18px', boxShadow: '0 1px 3px rgba(0,0,0,.2)', pointerEvents: 'none' }}
    >
      <div style={{ fontWeight: 600 }}>{t('map_legend')}</div>
      {LIGHTS.map((l) => (
        <div key={l} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span style={{ width: 10, height: 10, borderRadius: 5, background: LIGHT_COLORS[l], border: '1px solid #fff', boxShadow: '0 0 0 1px rgba(0,0,0,.2)' }} />
          <span>{t(`map_light_${l}` as MessageKey)}</span>
        </div>
      ))}
      {rings && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid="map-legend-ring">
          <span style={{ width: 10, height: 10, borderRadius: 5, background: LIGHT_COLORS.green, border: `2px solid ${LIGHT_COLORS.red}`, boxSizing: 'border-box' }} />
          <span>{t('map_ring')}</span>
        </div>
      )}
      {heat && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginTop: 2 }}>
          <span style={{ width: 40, height: 8, background: 'linear-gradient(90deg,#fff3b0,#f4a259,#e4572e,#a4161a)' }} />
          <span>{t('map_heat')}</span>
        </div>
      )}
    </div>
  );
}
