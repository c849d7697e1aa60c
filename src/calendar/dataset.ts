/**
 * The national holiday dataset, taken from the `chinese-days` package (MIT, vsme/chinese-days):
 * statutory holidays and make-up workdays (调休上班) published by the State Council.
 *
 * Only the years the package actually lists are used: it answers "workday" for any date it lacks
 * (2027-01-01 comes out as a workday), so we never ask its API, we read its data file.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { DayKind } from './model.js';

export interface DatasetDay {
  date: string;
  kind: DayKind;
  /** Chinese name, e.g. '国庆节'. */
  name: string;
  /** English name, e.g. 'National Day'. */
  nameEn: string;
}

interface RawDataset {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** 'National Day,国庆节,3' → { nameEn: 'National Day', name: '国庆节' }. */
export function parseDatasetLabel(label: string): { name: string; nameEn: string } {
  const parts = label.split(',');
  const nameEn = (parts[0] ?? '').trim();
  const name = (parts[1] ?? '').trim() || nameEn;
  return { name, nameEn };
}

/** Turns the raw dataset into sorted day entries (holidays, then make-up workdays win on a clash). */
export function extractDataset(raw: RawDataset): DatasetDay[] {
  const byDate = new Map<string, DatasetDay>();
  for (const [date, label] of Object.entries(raw.holidays)) byDate.set(date, { date, kind: 'holiday', ...parseDatasetLabel(label) });
  for (const [date, label] of Object.entries(raw.workdays)) {
    const { name, nameEn } = parseDatasetLabel(label);
    byDate.set(date, { date, kind: 'workday', name: `${name}调休上班`, nameEn: `${nameEn} make-up workday` });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

let cached: DatasetDay[] | undefined;

/** The packaged dataset (chinese-days v1.5.7: 2004–2026). */
export function packagedDataset(): DatasetDay[] {
  cached ??= extractDataset(chineseDays as RawDataset);
  return cached;
}

/** Years the packaged dataset covers, ascending. */
export function packagedYears(): number[] {
  return [...new Set(packagedDataset().map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
}
