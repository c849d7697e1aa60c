/**
 * The demo city's data as the services take it: areas, units, the responsibility list and the
 * accounts. The composition root (src/app.ts) hands these to the services; no domain service
 * imports src/demo. Seeding itself runs from `serve` and `cityloop seed` (src/demo/seed.ts).
 */
import { demoAccounts } from './accounts.js';
import { allAreas, generateDemoGeography } from './geography.js';
import { DEMO_RESPONSIBILITY_ITEMS } from './responsibility.js';
import { DEMO_UNITS } from './units.js';

export const DEMO_CITY = {
  areas: () => allAreas(generateDemoGeography()),
  units: DEMO_UNITS,
  responsibilityItems: DEMO_RESPONSIBILITY_ITEMS,
  accounts: demoAccounts,
} as const;
