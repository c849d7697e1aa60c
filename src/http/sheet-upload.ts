/**
 * What every register's file routes share: the raw bodies a spreadsheet arrives in (XLSX, CSV, or a
 * multipart form), the uploaded file, and a download's Content-Disposition with its Chinese name.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../core/errors.js';
import { CONTENT_TYPE } from '../core/sheet-files.js';

/** Lets a plugin take XLSX and CSV bodies as buffers (register it inside the plugin that serves the import). */
export function acceptSheetBodies(app: Pick<FastifyInstance, 'addContentTypeParser'>, more: readonly string[] = []): void {
  app.addContentTypeParser(['text/csv', CONTENT_TYPE.xlsx, 'application/octet-stream', ...more], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** The file of a multipart form, or the raw body; 400 FILE_REQUIRED without one (saying which file, when given). */
export async function uploadedFile(req: FastifyRequest, what: { zh: string; en: string } = { zh: '请上传文件', en: 'Upload a file' }): Promise<{ body: Buffer; filename?: string; contentType?: string }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw badRequest('FILE_REQUIRED', what.zh, what.en);
    return { body: await part.toBuffer(), filename: part.filename, contentType: part.mimetype };
  }
  if (!Buffer.isBuffer(req.body)) throw badRequest('FILE_REQUIRED', what.zh, what.en);
  return { body: req.body, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}) };
}

/** `attachment` with an ASCII name and the Chinese one (RFC 5987). */
export function attachment(filename: string, zh: string): string {
  return `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(zh)}`;
}
