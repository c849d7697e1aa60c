/**
 * The evidence store: photos and videos kept content-addressed (SHA-256) under
 * `config.dataDir/files/ab/cd/<sha256>`, with a row per file saying its kind, size and uploader.
 * Identical uploads are stored once. Files are never changed or removed, so "this digest exists"
 * can be remembered in memory.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ServiceDeps } from '../core/deps.js';
import { AppError, notFound, unprocessable } from '../core/errors.js';
import { isUniqueViolation } from '../store/dialect.js';
import { isSha256, sniffMime, type FileMime } from './model.js';
import { folderBlobs, s3Blobs, type BlobStore } from './blobs.js';
import * as repo from './repo.js';

export interface StoredFile {
  sha256: string;
  mime: FileMime;
  size: number;
  originalName: string | null;
  uploadedBy: string;
  uploadedAt: number;
}

export interface SaveMeta {
  originalName?: string | null;
  uploadedBy: string;
}

export interface FileStore {
  /** Stores an upload read from a stream; refuses FILE_TYPE_NOT_ALLOWED (unsupported_type) and FILE_TOO_LARGE (too_large). */
  save(stream: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, meta: SaveMeta, opts?: { truncated?: () => boolean }): Promise<StoredFile & { created: boolean }>;
  saveBuffer(bytes: Uint8Array, meta: SaveMeta): Promise<StoredFile & { created: boolean }>;
  get(sha256: string): Promise<StoredFile | undefined>;
  /** The file and a stream of its bytes; FILE_NOT_FOUND otherwise. */
  open(sha256: string): Promise<{ file: StoredFile; stream: Readable }>;
  /** The cases whose events carry this file (at most `limit`), for deciding who may read it. */
  referencingCases(sha256: string, limit?: number, after?: string): Promise<string[]>;
  /** Refuses (ATTACHMENT_NOT_FOUND) when any digest is not a stored file. */
  requireAll(digests: readonly string[]): Promise<void>;
  /** Where the bytes live (the data folder or an object store). */
  readonly blobs: BlobStore;
}

/** The object store when CITYLOOP_S3_* is set, else `<dataDir>/files`. */
export function defaultBlobs(config: ServiceDeps['config']): BlobStore {
  return config.objectStore ? s3Blobs(config.objectStore) : folderBlobs(path.join(config.dataDir, 'files'));
}

const tooLarge = (max: number) =>
  new AppError({ code: 'FILE_TOO_LARGE', kind: 'too_large', message: `文件超过大小限制（${Math.round(max / 1024 / 1024)} MB）`, messageEn: `The file is larger than the limit (${max} bytes)`, details: { maxBytes: max } });
const notAllowed = () =>
  new AppError({ code: 'FILE_TYPE_NOT_ALLOWED', kind: 'unsupported_type', message: '只允许上传 JPEG、PNG、WebP 图片或 MP4 视频', messageEn: 'Only JPEG, PNG and WebP photos and MP4 videos may be uploaded' });

export function createFileStore(deps: ServiceDeps, blobs: BlobStore = defaultBlobs(deps.config)): FileStore {
  const root = path.join(deps.config.dataDir, 'files');
  const tmpDir = path.join(root, 'tmp');
  const known = new Set<string>();
  const db = () => deps.db.kysely;

  const toFile = (r: { sha256: string; mime: string; size: number; original_name: string | null; uploaded_by: string; uploaded_at: number }): StoredFile => ({
    sha256: r.sha256, mime: r.mime as FileMime, size: Number(r.size), originalName: r.original_name, uploadedBy: r.uploaded_by, uploadedAt: Number(r.uploaded_at),
  });

  async function get(sha256: string): Promise<StoredFile | undefined> {
    if (!isSha256(sha256)) return undefined;
    const r = await repo.findFile(db(), sha256);
    return r ? toFile(r) : undefined;
  }

  async function record(sha256: string, mime: FileMime, size: number, tmp: string, meta: SaveMeta): Promise<StoredFile & { created: boolean }> {
    await blobs.put(sha256, tmp, size, mime);
    const row = { sha256, mime, size, original_name: meta.originalName ?? null, uploaded_by: meta.uploadedBy, uploaded_at: deps.clock.now() };
    try {
      await repo.insertFile(db(), row);
      known.add(sha256);
      return { ...toFile(row), created: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const existing = (await get(sha256))!;
      known.add(sha256);
      return { ...existing, created: false };
    }
  }

  async function save(stream: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, meta: SaveMeta, opts: { truncated?: () => boolean } = {}) {
    const max = deps.config.maxUploadBytes;
    fs.mkdirSync(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${deps.ids.next()}.part`);
    const out = fs.createWriteStream(tmp);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let failure: AppError | undefined;
    try {
      for await (const chunk of stream) {
        if (failure) continue; // drain what is left so the request can finish
        const buf = Buffer.from(chunk);
        size += buf.length;
        if (size > max) {
          failure = tooLarge(max);
          continue;
        }
        if (head.length < 16) {
          head = Buffer.concat([head, buf.subarray(0, 16 - head.length)]);
          if (head.length >= 16 && !sniffMime(head)) {
            failure = notAllowed();
            continue;
          }
        }
        hash.update(buf);
        if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (!failure && opts.truncated?.()) failure = tooLarge(max);
      const mime = failure ? null : sniffMime(head);
      if (!failure && (!mime || size === 0)) failure = notAllowed();
      if (failure) throw failure;
      return await record(hash.digest('hex'), mime!, size, tmp, meta);
    } finally {
      if (!out.closed) out.destroy();
      fs.rmSync(tmp, { force: true });
    }
  }

  async function saveBuffer(bytes: Uint8Array, meta: SaveMeta) {
    return save([Buffer.from(bytes)], meta);
  }

  async function open(sha256: string) {
    const file = await get(sha256);
    const stream = file ? await blobs.open(sha256) : null;
    if (!file || !stream) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256 });
    return { file, stream };
  }

  async function requireAll(digests: readonly string[]): Promise<void> {
    const unknown = [...new Set(digests)].filter((d) => !known.has(d));
    if (unknown.length === 0) return;
    const bad = unknown.filter((d) => !isSha256(d));
    const candidates = unknown.filter(isSha256);
    const found = await repo.storedDigests(db(), candidates);
    for (const d of found) known.add(d);
    const missing = [...bad, ...candidates.filter((d) => !found.has(d))];
    if (missing.length) {
      throw unprocessable('ATTACHMENT_NOT_FOUND', `附件不存在，请先上传：${missing.join('、')}`, `These attachments were never uploaded: ${missing.join(', ')}`, { missing });
    }
  }

  async function referencingCases(sha256: string, limit = 100, after?: string): Promise<string[]> {
    if (!isSha256(sha256)) return [];
    return repo.referencingCases(db(), sha256, limit, after);
  }

  return { save, saveBuffer, get, open, referencingCases, requireAll, blobs };
}
