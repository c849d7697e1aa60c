/** What the citizen app (随手拍) calls: the public API, no session; every call names this device. */
import { http, ok, toApiError } from '../../api/client.js';
import type { BodyOf, Ok } from '../../api/schema.js';

export type Choice = Ok<'/api/v1/public/choices'>['items'][number];
export type NearbyCase = Ok<'/api/v1/public/nearby'>['items'][number];
export type FollowView = Ok<'/api/v1/public/follow/{followCode}'>;
export type CitizenReport = BodyOf<'/api/v1/public/reports', 'post'>;

const DEVICE_KEY = 'cityloop.deviceId';
const FOLLOWED_KEY = 'cityloop.followed';

/** A random id this browser keeps: the abuse limits count per device, nothing else is known about it. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The follow codes this browser received (so the reporter finds them again). */
export function followed(): string[] {
  try {
    return JSON.parse(localStorage.getItem(FOLLOWED_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

export function remember(code: string): void {
  localStorage.setItem(FOLLOWED_KEY, JSON.stringify([code, ...followed().filter((c) => c !== code)].slice(0, 20)));
}

const device = () => ({ header: { 'x-device-id': deviceId() } });

export const citizenApi = {
  choices: async () => (await ok(http.GET('/api/v1/public/choices'))).items,
  nearby: async (q: { categoryCode: string; lon: number; lat: number }) => (await ok(http.GET('/api/v1/public/nearby', { params: { query: q } }))).items,
  sendCode: (phone: string) => ok(http.POST('/api/v1/public/sms-codes', { params: device(), body: { phone } })),
  report: (body: CitizenReport) => ok(http.POST('/api/v1/public/reports', { params: device(), body })),
  meToo: (code: string, body: { phone?: string | null; smsCode?: string | null }) => ok(http.POST('/api/v1/public/cases/{code}/me-too', { params: { ...device(), path: { code } }, body })),
  follow: (followCode: string) => ok(http.GET('/api/v1/public/follow/{followCode}', { params: { path: { followCode } } })),
  rate: (followCode: string, body: BodyOf<'/api/v1/public/follow/{followCode}/rating', 'post'>) => ok(http.POST('/api/v1/public/follow/{followCode}/rating', { params: { path: { followCode } }, body })),
  async uploadPhoto(file: File): Promise<string> {
    const form = new FormData();
    form.append('file', file, file.name || 'photo.jpg');
    const res = await fetch('/api/v1/public/photos', { method: 'POST', body: form, headers: { 'x-device-id': deviceId() } });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw toApiError(res.status, body);
    return (body as { sha256: string }).sha256;
  },
};

export const photoUrl = (followCode: string, sha: string) => `/api/v1/public/follow/${encodeURIComponent(followCode)}/photos/${sha}`;
