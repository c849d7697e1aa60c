import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/classifier/model.js';
import { learnOne, predictLogistic, trainLogistic } from '../../src/classifier/logistic.js';
import { textFeatures } from '../../src/classifier/segment.js';
import { labelledSet, LABELLED_CLASSES } from '../../src/demo/labelled/generate.js';

describe('classifier features', () => {
  it('keeps content words, word pairs and character pairs, and drops function words and formulae', () => {
    const f = featuresOf(['市民', '来电', '反映', '：', '井盖', '不见', '了'], '井盖不见了');
    expect(f).toContain('井盖');
    expect(f).toContain('井盖_不见');
    expect(f).toContain('#盖不');
    expect(f).not.toContain('了');
    expect(f).not.toContain('市民');
    expect(f).not.toContain('：');
  });

  it('segments the city’s own words as one word', () => {
    expect(textFeatures('路边的雨水箅子被压坏了')).toContain('雨水箅子');
    expect(textFeatures('小区门口停了一辆僵尸车')).toContain('僵尸车');
  });
});

describe('the labelled set', () => {
  const set = labelledSet();
  it('has at least 2 000 distinct texts over every class, each class with several phrasings', () => {
    expect(set.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(set.map((t) => t.text)).size).toBe(set.length);
    for (const cls of LABELLED_CLASSES) {
      const own = set.filter((t) => t.code === cls.code);
      expect(own.length, cls.code).toBeGreaterThanOrEqual(40);
      expect(new Set(own.map((t) => t.phrasing)).size, cls.code).toBe(cls.says.length);
      expect(cls.says.length, cls.code).toBeGreaterThanOrEqual(4);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(labelledSet({ perClass: 3 })).toEqual(labelledSet({ perClass: 3 }));
    expect(labelledSet({ perClass: 3, seed: 1 })).not.toEqual(labelledSet({ perClass: 3 }));
  });
});

describe('logistic regression', () => {
  const ex = (text: string, code: string) => ({ features: textFeatures(text), code });
  const examples = [
    ex('路边的井盖不见了，晚上很危险', 'C0101'),
    ex('井盖破了一个洞，小孩会踩进去', 'C0101'),
    ex('这个井盖翘起来了一直响', 'C0101'),
    ex('路灯不亮，晚上黑漆漆的', 'C0118'),
    ex('好几盏路灯坏了，一闪一闪', 'C0118'),
    ex('路灯杆被车撞歪了', 'C0118'),
    ex('楼下饭店油烟直排，呛得不行', 'E0116'),
    ex('餐馆没有装油烟净化器', 'E0116'),
  ];

  it('ranks the right class first, with confidences between 0 and 1 that sum to at most 1', () => {
    const m = trainLogistic(examples, 0);
    const top = predictLogistic(m, textFeatures('小区门口的井盖没了，掉下去怎么办'));
    expect(top[0]!.code).toBe('C0101');
    expect(top).toHaveLength(3);
    const sum = top.reduce((a, t) => a + t.confidence, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    expect(top[0]!.confidence).toBeGreaterThan(top[1]!.confidence);
  });

  it('learns a correction at once: the corrected text moves towards the chosen class', () => {
    const m = trainLogistic(examples, 0);
    const text = '晚上黑漆漆的，井盖那边什么都看不见';
    const before = predictLogistic(m, textFeatures(text), 3).find((t) => t.code === 'C0118')?.confidence ?? 0;
    expect(learnOne(m, { features: textFeatures(text), code: 'C0118', weight: 3 })).toBe(true);
    const after = predictLogistic(m, textFeatures(text), 3).find((t) => t.code === 'C0118')?.confidence ?? 0;
    expect(after).toBeGreaterThan(before);
    expect(learnOne(m, { features: textFeatures(text), code: 'E9999' })).toBe(false);
  });

  it('answers nothing without a model trained on anything', () => {
    expect(predictLogistic(trainLogistic([], 0), textFeatures('井盖没了'))).toEqual([]);
  });
});
