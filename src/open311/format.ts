/**
 * Open311's two formats: JSON (the spec's "Spark convention": the XML's lists as arrays) and XML
 * (UTF-8, declared). One answer is built once as data and written either way. Pure.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false, suppressBooleanAttributes: false });

/** The XML element names of each answer: the root and the repeated child. */
export const ROOTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;

/** Writes a list answer: JSON as the array itself, XML as `<root><item>…</item>…</root>`. */
export function writeList(format: Format, root: keyof typeof ROOTS, items: readonly object[]): string {
  if (format === 'json') return JSON.stringify(items);
  const [outer, inner] = ROOTS[root];
  return xml({ [outer]: items.length ? { [inner]: items } : '' });
}

/** Writes one object under a root element (service definition, discovery). */
export function writeObject(format: Format, root: string, value: object): string {
  if (format === 'json') return JSON.stringify(value);
  return xml({ [root]: wrapLists(value) });
}

/** In XML a list is an element holding one element per item: attributes → attribute, values → value … */
const ITEM_OF: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function wrapLists(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wrapLists);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const item = ITEM_OF[k];
    out[k] = item && Array.isArray(x) ? (x.length ? { [item]: x.map(wrapLists) } : '') : wrapLists(x);
  }
  return out;
}

function xml(tree: object): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(tree) as string}`;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};
