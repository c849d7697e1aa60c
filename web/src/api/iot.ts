/** What the IoT pages read: devices with live state, a device's series, alarms, rules, settings, compliance. */
import { useQuery } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { Ok } from './schema.js';

export type IotDevice = Ok<'/api/v1/devices'>['items'][number];
export type IotAlarm = Ok<'/api/v1/alarms'>['items'][number];
export type IotAlarmDetail = Ok<'/api/v1/alarms/{id}'>;
export type IotRule = Ok<'/api/v1/iot/rules'>['items'][number];
export type IotSeries = Ok<'/api/v1/devices/{id}/series'>;
export type IotCompliance = Ok<'/api/v1/iot/noise/compliance'>;

/** Live: refetched every 10 s. */
const LIVE = 10_000;

export function useDevices(type?: string) {
  return useQuery({
    queryKey: ['iot-devices', type],
    queryFn: () => ok(http.GET('/api/v1/devices', { params: { query: { pageSize: 500, ...(type ? { type: type as never } : {}) } } })),
    refetchInterval: LIVE,
  });
}

export function useSeries(id: string | null) {
  return useQuery({
    queryKey: ['iot-series', id],
    enabled: !!id,
    queryFn: () => ok(http.GET('/api/v1/devices/{id}/series', { params: { path: { id: id! }, query: { step: 1 } } })),
    refetchInterval: LIVE,
  });
}

export function useAlarms(activeOnly: boolean) {
  return useQuery({
    queryKey: ['iot-alarms', activeOnly],
    queryFn: () => ok(http.GET('/api/v1/alarms', { params: { query: { pageSize: 200, ...(activeOnly ? { active: true } : {}) } } })),
    refetchInterval: LIVE,
  });
}

export function useAlarm(id: string | null) {
  return useQuery({ queryKey: ['iot-alarm', id], enabled: !!id, queryFn: () => ok(http.GET('/api/v1/alarms/{id}', { params: { path: { id: id! } } })) });
}

export function useRules() {
  return useQuery({ queryKey: ['iot-rules'], queryFn: async () => (await ok(http.GET('/api/v1/iot/rules'))).items });
}

export function useIotStats() {
  return useQuery({ queryKey: ['iot-stats'], queryFn: () => ok(http.GET('/api/v1/iot/stats')), refetchInterval: LIVE });
}

export function useCompliance(date: string | undefined) {
  return useQuery({ queryKey: ['iot-compliance', date], queryFn: () => ok(http.GET('/api/v1/iot/noise/compliance', { params: { query: date ? { date } : {} } })) });
}
