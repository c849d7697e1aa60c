/** What the administration pages read and write: units, classes, accounts, and the area pickers. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import { asPage } from './cases.js';

export const UNIT_KINDS = ['bureau', 'department', 'district_department', 'street_office', 'company', 'squad'] as const;

export interface AdminUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  districtCode: string | null;
  streetCode: string | null;
  duty: string | null;
  active: boolean;
}

export interface AdminCategory {
  code: string;
  kind: 'component' | 'event';
  majorCode: string;
  minorCode: string | null;
  name: string;
  version: string;
  local: boolean;
  enabled: boolean;
  history: Array<{ name: string; validFrom: number | null; validTo: number }>;
}

export interface Scope {
  level: 'city' | 'district' | 'street';
  code: string;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  unitId: string | null;
  scope: Scope;
  roles: string[];
}

export interface Area {
  code: string;
  name: string;
}

/** The reference city's code (厦门市), for a city-wide scope when the account has none yet. */
export const CITY_CODE = '350200';

export function useAdminUnits() {
  return useQuery({ queryKey: ['units-admin'], queryFn: async () => asPage<AdminUnit>(await api.get('/api/v1/catalog/units')).items });
}

export function useAdminClasses() {
  return useQuery({ queryKey: ['classes-admin'], queryFn: async () => asPage<AdminCategory>(await api.get('/api/v1/catalog/categories', { includeDisabled: true, limit: 1000 })).items });
}

export function useDistricts() {
  return useQuery({ queryKey: ['geo-districts'], queryFn: async () => asPage<Area>(await api.get('/api/v1/geo/districts')).items, staleTime: 10 * 60_000 });
}

export function useStreets(districtCode: string | null | undefined) {
  return useQuery({
    queryKey: ['geo-streets', districtCode],
    enabled: !!districtCode,
    queryFn: async () => asPage<Area>(await api.get('/api/v1/geo/streets', { districtCode })).items,
    staleTime: 10 * 60_000,
  });
}

/** Form values of a scope (level, district, street) → the API's {level, code}. */
export function scopeOf(level: Scope['level'] | undefined, districtCode: string | undefined, streetCode: string | undefined, cityCode = CITY_CODE): Scope {
  if (level === 'street' && streetCode) return { level, code: streetCode };
  if (level === 'district' && districtCode) return { level, code: districtCode };
  if (level === 'street' || level === 'district') return { level, code: (level === 'street' ? streetCode : districtCode) ?? '' };
  return { level: 'city', code: cityCode };
}

/** The API's scope → the form's values. */
export function scopeFields(s: Scope | null | undefined): { scopeLevel: Scope['level']; districtCode?: string; streetCode?: string } {
  if (!s) return { scopeLevel: 'city' };
  if (s.level === 'street') return { scopeLevel: 'street', districtCode: s.code.slice(0, 6), streetCode: s.code };
  if (s.level === 'district') return { scopeLevel: 'district', districtCode: s.code };
  return { scopeLevel: 'city' };
}
