/** `cityloop import grids FILE`: a GeoJSON file from disk into the store, through the same checks as the API. */
import fs from 'node:fs/promises';
import { badRequest } from '../core/errors.js';
import type { GeoService, ImportSummary } from './service.js';

export async function importGridsFile(geo: GeoService, file: string, opts: { replace: boolean }): Promise<ImportSummary> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw badRequest('GEO_FILE_UNREADABLE', `无法读取文件 ${file}`, `cannot read file ${file}: ${(e as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw badRequest('GEOJSON_INVALID', `文件 ${file} 不是有效的 JSON`, `file ${file} is not valid JSON: ${(e as Error).message}`, { file });
  }
  return geo.importGeoJson(json, { replace: opts.replace });
}
