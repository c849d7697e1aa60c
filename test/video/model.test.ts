import { describe, expect, it } from 'vitest';
import { inSchedule, insideRoi, overlap, pairVerdict, pointInPolygon, precisionOf, reviewPassed, EMPTY_REVIEW, DEFAULT_POLICY } from '../../src/video/model.js';

const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00+08:00`);

describe('video intake rules', () => {
  it('reads schedules in Shanghai time, including windows over midnight', () => {
    expect(inSchedule([], at('03:00'))).toBe(true);
    expect(inSchedule([{ from: '07:00', to: '22:00' }], at('06:59'))).toBe(false);
    expect(inSchedule([{ from: '07:00', to: '22:00' }], at('07:00'))).toBe(true);
    expect(inSchedule([{ from: '07:00', to: '22:00' }], at('22:00'))).toBe(false);
    expect(inSchedule([{ from: '17:00', to: '03:00' }], at('23:30'))).toBe(true);
    expect(inSchedule([{ from: '17:00', to: '03:00' }], at('02:59'))).toBe(true);
    expect(inSchedule([{ from: '17:00', to: '03:00' }], at('12:00'))).toBe(false);
  });

  it('checks boxes against regions by the algorithm’s policy', () => {
    const lower = { name: '门前', points: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] as Array<[number, number]>, algorithms: ['SHOP'] };
    expect(pointInPolygon(0.5, 0.75, lower.points)).toBe(true);
    expect(pointInPolygon(0.5, 0.25, lower.points)).toBe(false);
    const straddling = { x: 0.4, y: 0.3, w: 0.2, h: 0.25 };
    expect(insideRoi('center_inside', [lower], 'SHOP', straddling)).toBe(false);
    expect(insideRoi('overlap', [lower], 'SHOP', straddling)).toBe(true);
    expect(insideRoi('center_inside', [lower], 'OTHER', straddling)).toBe(true);
    expect(insideRoi('ignore', [lower], 'SHOP', { x: 0, y: 0, w: 0.1, h: 0.1 })).toBe(true);
  });

  it('treats boxes overlapping by a share of the smaller one as the same object', () => {
    expect(overlap({ x: 0, y: 0, w: 0.2, h: 0.2 }, { x: 0.1, y: 0.1, w: 0.2, h: 0.2 })).toBeCloseTo(0.25);
    expect(overlap({ x: 0, y: 0, w: 0.5, h: 0.5 }, { x: 0.1, y: 0.1, w: 0.1, h: 0.1 })).toBe(1);
    expect(overlap({ x: 0, y: 0, w: 0.1, h: 0.1 }, { x: 0.5, y: 0.5, w: 0.1, h: 0.1 })).toBe(0);
  });

  it('suppresses, reviews or auto-accepts a pair by its measured precision once it has enough verdicts', () => {
    const p = { ...DEFAULT_POLICY, minVerdicts: 10, suppressFloor: 0.6, autoAcceptFloor: 0.95 };
    expect(precisionOf(0, 0)).toBeNull();
    expect(pairVerdict(p, 1, 5)).toBe('review');
    expect(pairVerdict(p, 5, 5)).toBe('suppress');
    expect(pairVerdict(p, 8, 2)).toBe('review');
    expect(pairVerdict(p, 19, 1)).toBe('auto_accept');
    expect(pairVerdict({ ...p, autoAcceptFloor: null }, 19, 1)).toBe('review');
  });

  it('lets camera evidence support a penalty only with both reviews passed, a sign photo and a published location', () => {
    const full = { legalReviewDate: '2026-01-05', legalResult: 'passed', technicalReviewDate: '2026-01-06', technicalResult: 'passed', signPhoto: 'a'.repeat(64), publishedLocation: '某路口' } as const;
    expect(reviewPassed(EMPTY_REVIEW)).toBe(false);
    expect(reviewPassed(full)).toBe(true);
    expect(reviewPassed({ ...full, technicalResult: 'failed' })).toBe(false);
    expect(reviewPassed({ ...full, signPhoto: null })).toBe(false);
    expect(reviewPassed({ ...full, publishedLocation: null })).toBe(false);
  });
});
