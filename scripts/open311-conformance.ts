/**
 * Runs our Open311 conformance suite (test/open311/conformance.ts) against a live server:
 *   npx tsx scripts/open311-conformance.ts DISCOVERY_URL [--key KEY] [--lat LAT --long LONG] [--jurisdiction ID]
 * Prints one line per check and exits 1 when any fails.
 */
import { runConformance } from '../test/open311/conformance.js';

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--') && /^https?:/.test(a));
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!url) {
  process.stderr.write('usage: open311-conformance DISCOVERY_URL [--key KEY] [--lat LAT --long LONG] [--jurisdiction ID]\n');
  process.exit(2);
}
const lat = opt('lat');
const long = opt('long');
const key = opt('key');
const jurisdiction = opt('jurisdiction');
const r = await runConformance({
  discoveryUrl: url,
  ...(key ? { apiKey: key } : {}),
  ...(lat && long ? { point: { lat: Number(lat), long: Number(long) } } : {}),
  ...(jurisdiction ? { jurisdictionId: jurisdiction } : {}),
});
for (const c of r.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : ` — ${c.problem ?? ''}`}\n`);
const failed = r.checks.filter((c) => !c.ok).length;
process.stdout.write(`${r.checks.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
