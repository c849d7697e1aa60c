/** Evidence upload and download: POST /api/v1/files (multipart), GET /api/v1/files/{sha256}. */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { authorize } from '../auth/policy.js';
import { badRequest, notFound } from '../core/errors.js';
import { EXTENSIONS } from './model.js';
import type { User } from '../auth/model.js';

const FileOut = Type.Object({
  sha256: Type.String({ description: 'SHA-256 of the content (hex): use it as the attachment id' }),
  mime: Type.String(),
  size: Type.Integer(),
  originalName: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Type.Integer({ description: 'epoch ms' }),
  url: Type.String(),
});
const err = Type.Ref('Error');

export async function fileRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.post('/api/v1/files', {
    schema: {
      tags: ['files'],
      summary: '上传证据文件（照片/视频） · Upload evidence (JPEG, PNG, WebP, MP4; multipart field "file")',
      consumes: ['multipart/form-data'],
      response: { 200: FileOut, 201: FileOut, 400: err, 401: err, 403: err, 413: err, 415: err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'files.upload');
    if (!req.isMultipart()) throw badRequest('MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const part = await req.file();
    if (!part) throw badRequest('FILE_MISSING', '请求中没有文件', 'The request carries no file');
    const saved = await ctx.files.save(part.file, { originalName: part.filename || null, uploadedBy: user.id }, { truncated: () => part.file.truncated });
    return reply.status(saved.created ? 201 : 200).send({
      sha256: saved.sha256, mime: saved.mime, size: saved.size, originalName: saved.originalName, uploadedAt: saved.uploadedAt, url: `/api/v1/files/${saved.sha256}`,
    });
  });

  /**
   * Whether any case carrying the file is one the user may read. The same bytes may be carried by many cases
   * (a camera's snapshot, a sample photo): every referencing case is looked at, a page at a time.
   */
  async function mayReadACaseCarrying(user: User, sha: string): Promise<boolean> {
    const page = 200;
    let after: string | undefined;
    for (;;) {
      const ids = await ctx.files.referencingCases(sha, page, after);
      if (await ctx.cases.mayReadAny(user, ids)) return true;
      if (ids.length < page) return false;
      after = ids[ids.length - 1];
    }
  }

  app.get('/api/v1/files/:sha256', {
    schema: {
      tags: ['files'],
      summary: '下载证据文件 · Download an evidence file by its SHA-256',
      params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      description: 'Served to its uploader and to whoever may read a case that carries it (as reporter photo or action attachment); to anyone else 404.',
      response: { 401: err, 403: err, 404: err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'files.read');
    const sha = req.params.sha256;
    // A file follows the read rights of the cases that carry it, or its uploader's; anything else is "not found".
    const meta = await ctx.files.get(sha);
    if (!meta || (meta.uploadedBy !== user.id && !(await mayReadACaseCarrying(user, sha)))) {
      throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256: sha });
    }
    const { file, stream } = await ctx.files.open(sha);
    return reply
      .header('content-type', file.mime)
      .header('content-length', String(file.size))
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', `"${file.sha256}"`)
      .header('content-disposition', `inline; filename="${file.sha256.slice(0, 12)}.${EXTENSIONS[file.mime]}"`)
      .send(stream);
  });
}
