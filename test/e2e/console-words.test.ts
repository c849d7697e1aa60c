/** The console's words and shapes for people (issue 10 items 5 and 7): deadlines as people say them,
 * names without the role repeated, a ranking axis that shows differences, the partial week, map labels. Pure. */
import { describe, expect, it } from 'vitest';
import { dueText, personName } from '../../web/src/model/format.js';
import { scoreAxis, weekWindows } from '../../web/src/model/evaluation.js';
import { labelPoint, labelShown } from '../../web/src/map/labels.js';
import { mergeFeed } from '../../web/src/model/feed.js';
import { translateDynamic } from '../../web/src/i18n/dict.js';

const MIN = 60_000;

describe('deadlines as people say them', () => {
  const now = Date.parse('2026-03-02T09:00:00+08:00');
  it('says overdue by how much, never a negative duration', () => {
    expect(dueText(now - (14 * 60 + 32) * MIN, now, 'zh')).toEqual({ overdue: true, text: '超期 14时32分' });
    expect(dueText(now - (14 * 60 + 32) * MIN, now, 'en')).toEqual({ overdue: true, text: 'overdue 14h 32m' });
    expect(dueText(now + (2 * 60 + 5) * MIN, now, 'zh').text).toBe('剩余 2时05分');
    expect(dueText(now + (26 * 60 + 5) * MIN, now, 'en').text).toBe('1d 2h left');
    expect(dueText(now + 45 * MIN, now, 'zh').text).toBe('剩余 45分');
  });
});

describe('names without the role repeated', () => {
  it('drops a trailing role the console already shows, and keeps other brackets', () => {
    expect(personName('林受理（受理员）', ['受理员'])).toBe('林受理');
    expect(personName('周中心（受理员兼值班长）', ['受理员', '值班长'])).toBe('周中心');
    expect(personName('思明区市政园林局处置人员', ['处置人员'])).toBe('思明区市政园林局处置人员');
    expect(personName('王工（外聘）', ['受理员'])).toBe('王工（外聘）');
  });
  it('names every case event in both languages', () => {
    expect(translateDynamic('zh', 'event', 'verification_passed')).toBe('核查通过');
    expect(translateDynamic('en', 'event', 'verification_passed')).toBe('Verification passed');
    expect(translateDynamic('en', 'event', 'deadline_overdue')).toBe('Red light: overdue');
  });
});

describe('charts that say something', () => {
  it('fits the ranking axis to the scores so a few points show', () => {
    expect(scoreAxis([86.2, 85.6, 83.9, 82.1, 81.9, 80.7])).toEqual({ min: 75, max: 90 });
    expect(scoreAxis([99.5, 98])).toEqual({ min: 95, max: 100 });
    expect(scoreAxis([])).toEqual({ min: 0, max: 100 });
    expect(scoreAxis([40, 90])).toEqual({ min: 25, max: 95 });
  });
  it('marks the week still running and a week cut short as partial', () => {
    const day = 86_400_000;
    const from = Date.parse('2026-11-02T00:00:00+08:00');
    const to = from + 29 * day;
    const weeks = weekWindows(from, to, to);
    expect(weeks).toHaveLength(5);
    expect(weeks.map((w) => w.partial)).toEqual([false, false, false, false, true]);
    expect(weekWindows(from, from + 13 * day, from + 20 * day).map((w) => w.partial)).toEqual([false, false]);
    expect(weekWindows(from, from + 13 * day, from + 9 * day).map((w) => w.partial)).toEqual([false, true]);
  });
});

describe('map labels', () => {
  it('puts a name inside its area (the largest part of a multipolygon) and shows the level that reads at the zoom', () => {
    const square = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [square(0, 0, 1), square(10, 10, 4)] })).toEqual([12, 12]);
    expect(labelPoint({ type: 'Point', coordinates: [1, 2] })).toBeUndefined();
    expect(labelShown('district', 10)).toBe(true);
    expect(labelShown('street', 10)).toBe(false);
    expect(labelShown('street', 12)).toBe(true);
    expect(labelShown('district', 14)).toBe(false);
  });
});

describe('the live feed', () => {
  it('opens on the latest events and adds live ones on top, each once', () => {
    const today = [
      { caseId: 'a', caseCode: 'A', seq: 3, type: 'accepted', categoryName: '绿地脏乱', at: 200 },
      { caseId: 'b', caseCode: 'B', seq: 1, type: 'reported', categoryName: '暴露垃圾', at: 100 },
    ];
    const live = [{ caseId: 'a', caseCode: 'A', seq: 4, type: 'filed', categoryName: '绿地脏乱', at: 300 }, { caseId: 'a', seq: 3, type: 'accepted', at: 200 }];
    expect(mergeFeed(live, today).map((l: { caseId: string; seq: number }) => `${l.caseId}:${l.seq}`)).toEqual(['a:4', 'a:3', 'b:1']);
  });
});
