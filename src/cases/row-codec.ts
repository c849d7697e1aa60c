/**
 * The fragment tables the cases row's JSON columns (`time_limits`, `place_names`, `pending`) are
 * coded with (src/workflow/text-codec.ts), by version. NEVER edit a version once released: rows
 * written with it are read with it; a better table is a new version (CASE_ROW_VERSION moves to it).
 *
 * Version 1: the demo catalog's stage time limits as whole values (first in the order the catalog
 * writes them on SQLite, then in `jsonb`'s order, which is how PostgreSQL hands a catalog item back),
 * then stage, place and pending-request members with their common values.
 */
import { textCodec } from '../workflow/text-codec.js';

const V1: readonly string[] = [
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":1,"unit":"work_days"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":4,"unit":"work_hours"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":24,"unit":"hours"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":2,"unit":"work_hours"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":2,"unit":"hours"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":0.5,"unit":"hours"},"file":{"value":0.5,"unit":"hours"},"dispatch":{"value":0.5,"unit":"hours"},"handle":{"value":2,"unit":"work_hours"},"verify":{"value":2,"unit":"hours"},"close":{"value":1,"unit":"hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":4,"unit":"work_days"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":5,"unit":"work_days"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":0.5,"unit":"hours"},"file":{"value":0.5,"unit":"hours"},"dispatch":{"value":0.5,"unit":"hours"},"handle":{"value":1,"unit":"work_hours"},"verify":{"value":2,"unit":"hours"},"close":{"value":1,"unit":"hours"}}',
  '{"accept":{"value":1,"unit":"work_hours"},"file":{"value":1,"unit":"work_hours"},"dispatch":{"value":1,"unit":"work_hours"},"handle":{"value":3,"unit":"work_days"},"verify":{"value":4,"unit":"work_hours"},"close":{"value":1,"unit":"work_hours"}}',
  '{"accept":{"value":0.5,"unit":"hours"},"file":{"value":0.5,"unit":"hours"},"dispatch":{"value":0.5,"unit":"hours"},"handle":{"value":3,"unit":"hours"},"verify":{"value":2,"unit":"hours"},"close":{"value":1,"unit":"hours"}}',
  '{"accept":{"value":0.5,"unit":"hours"},"file":{"value":0.5,"unit":"hours"},"dispatch":{"value":0.5,"unit":"hours"},"handle":{"value":24,"unit":"hours"},"verify":{"value":2,"unit":"hours"},"close":{"value":1,"unit":"hours"}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_days","value":1},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_hours","value":4},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"hours","value":24},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_hours","value":2},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"hours","value":2},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"hours","value":0.5},"close":{"unit":"hours","value":1},"accept":{"unit":"hours","value":0.5},"handle":{"unit":"work_hours","value":2},"verify":{"unit":"hours","value":2},"dispatch":{"unit":"hours","value":0.5}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_days","value":4},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_days","value":5},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"hours","value":0.5},"close":{"unit":"hours","value":1},"accept":{"unit":"hours","value":0.5},"handle":{"unit":"work_hours","value":1},"verify":{"unit":"hours","value":2},"dispatch":{"unit":"hours","value":0.5}}',
  '{"file":{"unit":"work_hours","value":1},"close":{"unit":"work_hours","value":1},"accept":{"unit":"work_hours","value":1},"handle":{"unit":"work_days","value":3},"verify":{"unit":"work_hours","value":4},"dispatch":{"unit":"work_hours","value":1}}',
  '{"file":{"unit":"hours","value":0.5},"close":{"unit":"hours","value":1},"accept":{"unit":"hours","value":0.5},"handle":{"unit":"hours","value":3},"verify":{"unit":"hours","value":2},"dispatch":{"unit":"hours","value":0.5}}',
  '{"file":{"unit":"hours","value":0.5},"close":{"unit":"hours","value":1},"accept":{"unit":"hours","value":0.5},"handle":{"unit":"hours","value":24},"verify":{"unit":"hours","value":2},"dispatch":{"unit":"hours","value":0.5}}',
  '"accept":{', '"check":{', '"file":{', '"dispatch":{', '"handle":{', '"verify":{', '"close":{', '"value":1', '"value":2', '"value":4', '"value":0.5', '"value":24', '"value":', '"unit":"work_hours"', '"unit":"work_days"', '"unit":"hours"', '"unit":', '"grid":', '"community":', '"street":', '"district":', '"district":"思明区"', '"district":"湖里区"', '"district":"集美区"', '"district":"海沧区"', '"district":"同安区"', '"district":"翔安区"', '"kind":"return"', '"kind":"extension"', '"kind":"suspension"', '"kind":"void"', '"kind":', '"reason":', '"amount":', '"by":', '"at":', '"reason":"不属于本单位职责"', '"reason":"工程量大，需延期"', '"reason":"需协调产权单位，申请挂账"', '"reason":"重复或无效案卷"', '"reason":"不属于城市管理范围"',
];

/** The table new rows are written with. */
export const CASE_ROW_VERSION = 1;

export const caseRowCodec = textCodec({ 1: V1 }, CASE_ROW_VERSION);

/** A cases row JSON column's stored form (null stays null). */
export const codeRowJson = (v: unknown): unknown => (v === null || v === undefined ? null : caseRowCodec.encode(v));

/** A cases row JSON column's value, whatever form the row holds (coded text, JSON text, a parsed `jsonb` value). */
export const rowJson = <T = unknown>(stored: unknown): T => caseRowCodec.decode(stored) as T;
