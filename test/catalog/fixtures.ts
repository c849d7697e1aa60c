/** Demo catalog data as plain objects, for the pure tests (no store involved). */
import { parseCategoryCode, validateUnit, type Category, type Unit } from '../../src/catalog/model.js';
import type { ResponsibilityItem } from '../../src/catalog/responsibility-model.js';
import { STANDARD_CLASSES } from '../../src/catalog/standard-classes.js';
import { DEMO_RESPONSIBILITY_ITEMS } from '../../src/demo/responsibility.js';
import { DEMO_UNITS } from '../../src/demo/units.js';

export function demoCategories(): Category[] {
  return STANDARD_CLASSES.map((s) => {
    const p = parseCategoryCode(s.code)!;
    return {
      code: s.code,
      kind: p.kind,
      majorCode: p.majorCode,
      minorCode: p.minorCode,
      name: s.name,
      version: 'GB/T 30428.2-2013',
      local: s.local ?? false,
      enabled: true,
      validFrom: null,
      history: [],
    };
  });
}

export function demoUnits(): Unit[] {
  return DEMO_UNITS.map((u, i) => ({ id: `u${i}`, ...validateUnit(u) }));
}

export function demoItems(): ResponsibilityItem[] {
  return DEMO_RESPONSIBILITY_ITEMS.map((it, i) => ({ id: `r${i}`, ...it }));
}
