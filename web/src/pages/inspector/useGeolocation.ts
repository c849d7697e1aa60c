import { useCallback, useEffect, useState } from 'react';

export interface Position {
  lon: number;
  lat: number;
  accuracy?: number;
}

/** The device's position (WGS-84 from the browser), asked once on mount and again on demand. */
export function useGeolocation() {
  const [pos, setPos] = useState<Position | null>(null);
  const [state, setState] = useState<'idle' | 'locating' | 'ok' | 'failed'>('idle');
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setState('failed');
      return;
    }
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setPos({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy });
        setState('ok');
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  }, []);
  useEffect(() => locate(), [locate]);
  return { pos, setPos, state, locate };
}

/** Metres between two points (haversine), to sort tasks near me. */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
