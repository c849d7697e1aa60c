/**
 * Compact JSON for a projection's JSON columns (issue 15 item 7), as TEXT. Pure.
 *
 * The JSON text (what `JSON.stringify` makes of the value) with the fragments that recur — a whole
 * value (`{"accept":{"value":1,"unit":"work_hours"},…}`, the same on most cases), member names,
 * member names with their common values — replaced by codes made of characters JSON text never holds
 * raw: U+0001–U+001E alone, or U+001F followed by one printable ASCII character. So the stored value
 * stays valid UTF-8 text on either store (one byte a code character: no column type to change but
 * jsonb → text on PostgreSQL), and decoding is the exact inverse. The first character is the table's
 * version (U+0001–U+001E; JSON text starts with `{`, `[`, `"`, a digit, `-`, `t`, `f` or `n`), so a
 * better table is a new version beside the old one, and a value written before the coding — plain
 * JSON text, or a parsed value from a `jsonb` column — still reads.
 *
 * Unlike data-codec.ts (an event's data, whose coded bytes are hashed text), nothing here is hashed:
 * the column is a projection the log can rebuild; only the value it decodes to counts.
 */

export interface TextCodec {
  /** The stored form of a JSON value: coded text, or plain JSON text when coding would not make it shorter. */
  encode(value: unknown): string;
  /** The value a stored column holds (coded text, JSON text, or an already parsed value). */
  decode(stored: unknown): unknown;
}

const MAX_VERSION = 0x1e;
const SINGLES = 0x1e;
const ESCAPE = '\x1f';
const PAIRS = 0x7e - 0x20 + 1;
export const MAX_TEXT_FRAGMENTS = SINGLES + PAIRS;
// Control characters are the point here: they are the codes (never raw in JSON text).
// eslint-disable-next-line no-control-regex
const CODE = /\x1f[\x20-\x7e]|[\x01-\x1e]/g;

/** Tokens looked up in the table: a string, optionally followed by `:` and a simple value (see data-codec.ts). */
const TOKEN = /("(?:[^"\\]|\\.)*")(:(?:\{|("(?:[^"\\]|\\.)*")|true|false|null|-?\d+(?:\.\d+)?)?)?/g;

const codeOf = (i: number): string => (i < SINGLES ? String.fromCharCode(i + 1) : ESCAPE + String.fromCharCode(0x20 + i - SINGLES));

/** A codec with fragment tables by version; new values are written with `current`. */
export function textCodec(tables: Readonly<Record<number, readonly string[]>>, current: number): TextCodec {
  const fragments = new Map<number, Map<string, string>>();
  let codes: Map<string, string> | undefined;
  for (const [v, list] of Object.entries(tables)) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw new Error(`bad table version ${v}`);
    if (list.length > MAX_TEXT_FRAGMENTS) throw new Error(`at most ${MAX_TEXT_FRAGMENTS} fragments`);
    const code = new Map<string, string>();
    const fragment = new Map<string, string>();
    list.forEach((f, i) => {
      if (f.length < 2 || code.has(f)) throw new Error(`bad or repeated fragment ${f}`);
      code.set(f, codeOf(i));
      fragment.set(codeOf(i), f);
    });
    fragments.set(n, fragment);
    if (n === current) codes = code;
  }
  if (!codes) throw new Error(`no table ${current}`);
  const table = codes;
  const head = String.fromCharCode(current);
  const toCode = (m: string, name: string, rest: string | undefined, text: string | undefined): string => {
    const whole = table.get(m);
    if (whole !== undefined) return whole;
    if (rest === undefined) return m;
    const value = rest.slice(1);
    return (table.get(`${name}:`) ?? `${name}:`) + ((text !== undefined ? table.get(value) : undefined) ?? value);
  };

  return {
    encode(value) {
      const json = JSON.stringify(value ?? null);
      const whole = table.get(json);
      const coded = whole ?? json.replace(TOKEN, toCode);
      return coded.length + 1 < json.length ? head + coded : json;
    },
    decode(stored) {
      if (typeof stored !== 'string') return stored ?? null;
      const v = stored.charCodeAt(0);
      if (v > MAX_VERSION) return JSON.parse(stored);
      const t = fragments.get(v);
      if (!t) throw new Error(`column written with table ${v}, which this release does not know`);
      return JSON.parse(stored.slice(1).replace(CODE, (c) => t.get(c) ?? c));
    },
  };
}
