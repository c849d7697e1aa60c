/**
 * What every register's file routes share: the raw bodies a spreadsheet arrives in (XLSX, CSV, or a
 * multipart form), the uploaded file, and a download's Content-Disposition with its Chinese name.
 * New file routes use these (the device, register and hotline routes still hold their own copies).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../core/errors.js';
import { CONTENT_TYPE } from '../core/sheet-files.js';

/** Lets a plugin take XLSX and CSV bodies as buffers (register it inside the plugin that serves the import). */
export function acceptSheetBodies(app: Pick<FastifyInstance, 'addContentTypeParser'>): void {
  app.addContentTypeParser(['text/csv', CONTENT_TYPE.xlsx, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** The file of a multipart form, or the raw body; 400 FILE_REQUIRED without one. */
export async function uploadedFile(req: FastifyRequest): Promise<{ body: Buffer; filename?: string; contentType?: string }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw badRequest('FILE_REQUIRED', '请上传文件', 'Upload a file');
    return { body: await part.toBuffer(), filename: part.filename, contentType: part.mimetype };
  }
  if (!Buffer.isBuffer(req.body)) throw badRequest('FILE_REQUIRED', '请上传文件', 'Upload a file');
  return { body: req.body, contentType: req.headers['content-type'] };
}

/** `attachment` with an ASCII name and the Chinese one (RFC 5987). */
export function attachment(filename: string, zh: string): string {
  return `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(zh)}`;
}
