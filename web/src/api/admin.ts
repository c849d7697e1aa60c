/** What the administration pages read and write: units, classes, accounts, and the area pickers. */
import { useQuery } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { AdminUser, Area, ClassItem, Scope, Unit } from './schema.js';

export type { AdminUser, Area, Scope };
export type AdminUnit = Unit;
export type AdminCategory = ClassItem;

export const UNIT_KINDS = ['bureau', 'department', 'district_department', 'street_office', 'company', 'squad'] as const;

/** The reference city's code (厦门市), for a city-wide scope when the account has none yet. */
export const CITY_CODE = '350200';

export function useAdminUnits() {
  return useQuery({ queryKey: ['units-admin'], queryFn: async () => (await ok(http.GET('/api/v1/catalog/units'))).items });
}

export function useAdminClasses() {
  return useQuery({ queryKey: ['classes-admin'], queryFn: async () => (await ok(http.GET('/api/v1/catalog/categories', { params: { query: { includeDisabled: true, limit: 1000 } } }))).items });
}

export function useDistricts() {
  return useQuery({ queryKey: ['geo-districts'], queryFn: async () => (await ok(http.GET('/api/v1/geo/districts'))).items, staleTime: 10 * 60_000 });
}

export function useStreets(districtCode: string | null | undefined) {
  return useQuery({
    queryKey: ['geo-streets', districtCode],
    enabled: !!districtCode,
    queryFn: async () => (await ok(http.GET('/api/v1/geo/streets', { params: { query: { districtCode: districtCode! } } }))).items,
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
