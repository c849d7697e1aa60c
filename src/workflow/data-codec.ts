/**
 * Compact storage of an event's data and hash (issue 15 item 7). Pure.
 *
 * - `data`: the canonical JSON (the very text that is hashed) with the fragments that recur in a
 *   stream's events — member names, `"stage":"accept"`, `"note":null` … — each replaced by a code of
 *   one or two bytes from a fixed table. The codes are bytes canonical JSON as UTF-8 never holds
 *   (0x01–0x1F are escaped in JSON strings; 0xC0, 0xC1 and 0xF5–0xFF never occur in UTF-8), so
 *   decoding is the exact inverse, byte for byte. The stored bytes start with the table's version
 *   (1–31: never `{`, `[` or `"`, which start JSON), so a better table is a new version beside the
 *   old one and no row is ever rewritten. A per-call zlib deflate with a preset dictionary packs a
 *   little tighter (≈ 69 against ≈ 77 bytes an event on the simulator's mix) but costs ≈ 20 µs of
 *   CPU an event to set up, against a few µs here, on the write path of every action.
 *   Data the database itself reads (a trigger's `json_extract`) stays plain JSON, and so does data
 *   the table does not make smaller.
 * - `hash`: 32 bytes instead of 64 hex characters.
 *
 * Reading takes every form a row may hold: JSON text (rows written before the encoding, plain data on
 * SQLite), JSON as bytes (plain data on PostgreSQL, where the column is `bytea`), a parsed JSON value
 * (a `jsonb` column), or a table version followed by coded bytes.
 */

/** What an event's data is stored as: JSON text (plain) or bytes (coded, or plain JSON bytes). */
export type StoredData = string | Buffer;

export interface DataCodec {
  /** The stored form of `dataJson` (canonical JSON): coded bytes, or the text itself when `plain`. */
  encode(dataJson: string, plain?: boolean): StoredData;
  /** The data a stored value holds (parsed). */
  decode(stored: unknown): unknown;
  /** The canonical JSON text a stored value holds (exactly what was encoded). */
  decodeText(stored: unknown): string;
}

const MAX_VERSION = 31;
/** Single-byte codes, then 256 two-byte codes behind 0xF5. */
const SINGLE: string[] = [];
for (let b = 0x01; b <= 0x1f; b++) SINGLE.push(String.fromCharCode(b));
SINGLE.push('\xc0', '\xc1');
for (let b = 0xf6; b <= 0xff; b++) SINGLE.push(String.fromCharCode(b));
const ESCAPE = '\xf5';
export const MAX_FRAGMENTS = SINGLE.length + 256;
// Control characters are the point here: they are the codes (never raw in JSON).
// eslint-disable-next-line no-control-regex
const CODE = /\xf5[\s\S]|[\x01-\x1f\xc0\xc1\xf6-\xff]/g;

/** UTF-8 bytes as a string of one char a byte (what the regular expressions work on). */
const bytesOf = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

interface Table {
  /** fragment (as bytes) → code */
  code: Map<string, string>;
  /** code → fragment (as bytes) */
  fragment: Map<string, string>;
}

/**
 * The tokens of JSON text fragments are looked up as: a string, optionally followed by `:` and a
 * simple value (a string, `true`, `false`, `null`, an integer, or `{`). A token is coded whole when
 * the table has it (`"stage":"accept"`), else as its member name and its value apart. A lookup per
 * token is faster than one alternation of every fragment; decoding does not depend on how the
 * encoder chose (every code stands for its fragment's bytes). `replaceTokens` finds them by hand:
 * the expression with a replacer function took ≈ 1.5× as long (5.0–5.5 against 3.3–3.5 µs an event),
 * on the write path of every event; it stays as the scan's specification and its fallback
 * (test/workflow/data-codec.test.ts checks that both find the same tokens).
 */
export const TOKEN = /("(?:[^"\\]|\\.)*")(:(?:\{|("(?:[^"\\]|\\.)*")|true|false|null|-?\d+)?)?/g;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** The end (after its closing quote) of the JSON string starting at `i`, or -1 when it does not end. */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  return -1;
}

/** The end of the simple value at `i` (TOKEN's value alternatives, in its order), or `i` when none. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x7b) return i + 1; // {
  if (c === QUOTE) {
    const e = stringEnd(s, i);
    return e < 0 ? i : e;
  }
  if (s.startsWith('true', i) || s.startsWith('null', i)) return i + 4;
  if (s.startsWith('false', i)) return i + 5;
  let j = c === 0x2d ? i + 1 : i; // -
  if (!isDigit(s.charCodeAt(j))) return i;
  while (isDigit(s.charCodeAt(j))) j++;
  return j;
}

/**
 * `s.replace(TOKEN, replace)` (same tokens, same arguments), by a scan of the text. Text with a
 * string that does not end (never canonical JSON) goes to the expression itself.
 */
export function replaceTokens(s: string, replace: (m: string, name: string, rest: string | undefined, text: string | undefined) => string): string {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i)) {
    const nameEnd = stringEnd(s, i);
    if (nameEnd < 0) return s.replace(TOKEN, replace);
    let end = nameEnd;
    let rest: string | undefined;
    let text: string | undefined;
    if (s.charCodeAt(nameEnd) === COLON) {
      end = valueEnd(s, nameEnd + 1);
      rest = s.slice(nameEnd, end);
      if (s.charCodeAt(nameEnd + 1) === QUOTE && end > nameEnd + 1) text = rest.slice(1);
    }
    out += s.slice(from, i) + replace(s.slice(i, end), s.slice(i, nameEnd), rest, text);
    from = i = end;
  }
  return out + s.slice(from);
}

function tableOf(fragments: readonly string[]): Table {
  if (fragments.length > MAX_FRAGMENTS) throw new Error(`at most ${MAX_FRAGMENTS} fragments`);
  const code = new Map<string, string>();
  const fragment = new Map<string, string>();
  fragments.forEach((f, i) => {
    const b = bytesOf(f);
    if (b.length < 2 || code.has(b)) throw new Error(`bad or repeated fragment ${f}`);
    const c = i < SINGLE.length ? SINGLE[i]! : ESCAPE + String.fromCharCode(i - SINGLE.length);
    code.set(b, c);
    fragment.set(c, b);
  });
  return { code, fragment };
}

/** A codec with fragment tables by version; new data is written with `current`. */
export function dataCodec(tables: Readonly<Record<number, readonly string[]>>, current: number): DataCodec {
  const byVersion = new Map<number, Table>();
  for (const [v, fragments] of Object.entries(tables)) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw new Error(`bad table version ${v}`);
    byVersion.set(n, tableOf(fragments));
  }
  const table = byVersion.get(current);
  if (!table) throw new Error(`no table ${current}`);
  const head = String.fromCharCode(current);
  const codes = table.code;
  const toCode = (m: string, name: string, rest: string | undefined, text: string | undefined): string => {
    const whole = codes.get(m);
    if (whole !== undefined) return whole;
    if (rest === undefined) return m;
    const value = rest.slice(1);
    return (codes.get(`${name}:`) ?? `${name}:`) + ((text !== undefined ? codes.get(value) : undefined) ?? value);
  };

  const decodeText = (stored: unknown): string => {
    if (typeof stored === 'string') return stored;
    if (!(stored instanceof Uint8Array)) return JSON.stringify(stored ?? null);
    const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const v = buf[0]!;
    if (v > MAX_VERSION) return buf.toString('utf8');
    const t = byVersion.get(v);
    if (!t) throw new Error(`event data written with table ${v}, which this release does not know`);
    const coded = buf.toString('latin1', 1);
    return Buffer.from(coded.replace(CODE, (c) => t.fragment.get(c) ?? c), 'latin1').toString('utf8');
  };

  return {
    encode(dataJson, plain) {
      if (plain) return dataJson;
      const bytes = bytesOf(dataJson);
      const coded = replaceTokens(bytes, toCode);
      if (coded.length + 1 >= bytes.length) return dataJson;
      return Buffer.from(head + coded, 'latin1');
    },
    decode(stored) {
      if (stored !== null && typeof stored === 'object' && !(stored instanceof Uint8Array)) return stored;
      return JSON.parse(decodeText(stored));
    },
    decodeText,
  };
}

/** A hash as stored: 32 bytes. */
export const hashBytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

/** A stored hash as hex: bytes (the compact form) or the hex text rows written before it hold. */
export function hashHex(stored: unknown): string {
  if (typeof stored === 'string') return stored;
  if (stored instanceof Uint8Array) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('hex');
  throw new Error('stored hash is neither text nor bytes');
}
