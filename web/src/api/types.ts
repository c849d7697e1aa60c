/** Shapes the console reads from the API. Optional where capabilities are still settling. */

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId?: string | null;
  scope?: unknown;
}

export interface PublicConfig {
  tileUrl?: string | null;
  demo?: boolean;
  cityName?: string;
}

export interface Page<T> {
  items: T[];
  total?: number;
  page?: number;
  pageSize?: number;
  nextCursor?: string | null;
}

import type { FlatCase, FlatEvent } from '../model/normalize.js';

export type CaseSummary = FlatCase;
export type CaseEvent = FlatEvent;
export type CaseDetail = FlatCase;

export interface IntegrityReport {
  ok: boolean;
  events?: number;
  head?: string;
  breaksAt?: { seq: number; problem: string } | null;
}

export interface Unit {
  id: string;
  name: string;
  code?: string;
  kind?: string;
  parentId?: string | null;
}

export interface ClassItem {
  code: string;
  name: string;
  nameEn?: string;
  kind?: string;
  majorCode?: string;
  minorCode?: string | null;
  enabled?: boolean;
}

export interface Notification {
  id?: string;
  type?: string;
  caseId?: string;
  caseCode?: string;
  title?: string;
  message?: string;
  at?: number;
  [k: string]: unknown;
}
