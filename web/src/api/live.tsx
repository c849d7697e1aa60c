/** Live updates by server-sent events: one EventSource per tab, a short feed, and query invalidation. */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Notification } from './schema.js';

interface LiveValue {
  connected: boolean;
  feed: Notification[];
  /** Subscribe to every notification; returns the unsubscribe function. */
  subscribe(fn: (n: Notification) => void): () => void;
}

const LiveContext = createContext<LiveValue>({ connected: false, feed: [], subscribe: () => () => undefined });

const FEED_MAX = 50;

export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [feed, setFeed] = useState<Notification[]>([]);
  const subscribers = useRef(new Set<(n: Notification) => void>());
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
    const refresh = () => {
      // Coalesce bursts: at most one refetch of the lists every 2 s.
      if (pending.current) return;
      const wait = Math.max(0, 2000 - (Date.now() - lastRefresh.current));
      pending.current = setTimeout(() => {
        pending.current = undefined;
        lastRefresh.current = Date.now();
        void qc.invalidateQueries({ predicate: (q) => ['cases', 'worklist', 'case', 'stats', 'map-cases'].includes(String(q.queryKey[0])) });
      }, wait);
    };
    const handle = (ev: MessageEvent<string>) => {
      let n: Notification;
      try {
        // The stream sends the same notification objects as GET /api/v1/notifications lists.
        n = JSON.parse(ev.data) as Notification;
      } catch {
        return;
      }
      setFeed((f) => [n, ...f].slice(0, FEED_MAX));
      for (const s of subscribers.current) s(n);
      refresh();
    };
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(es.readyState === EventSource.OPEN);
    es.onmessage = handle;
    for (const type of ['notification', 'case', 'case.event', 'case.reported', 'case.overdue', 'case.updated']) es.addEventListener(type, handle as EventListener);
    return () => {
      es.close();
      setConnected(false);
      if (pending.current) clearTimeout(pending.current);
      pending.current = undefined;
    };
  }, [enabled, qc]);

  const value: LiveValue = {
    connected,
    feed,
    subscribe: (fn) => {
      subscribers.current.add(fn);
      return () => subscribers.current.delete(fn);
    },
  };
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  return useContext(LiveContext);
}
