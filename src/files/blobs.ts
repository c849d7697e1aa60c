/**
 * Where evidence bytes live, by content address (`ab/cd/<sha256>`): the data folder (the default, one
 * machine) or an S3-compatible object store (MinIO, Ceph RGW, a government cloud's OSS/OBS/COS in
 * S3 mode, AWS S3) shared by every process of an installation. Objects are written once and never
 * changed: a key that exists holds the bytes its name promises. Requests are signed with AWS
 * Signature V4 (aws4) and sent with fetch; the payload's signed hash is its content address.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import aws4 from 'aws4';
import { blobPath } from './model.js';

export interface BlobStore {
  /** Stores the file at `tmp` (already hashed) under its digest; keeps an existing object. `tmp` may be moved; the caller removes what is left. */
  put(sha256: string, tmp: string, size: number, mime: string): Promise<void>;
  /** The bytes, or null when the store has no such object. */
  open(sha256: string): Promise<Readable | null>;
  /** One line for the start-up banner and logs. */
  readonly description: string;
  /** Fails with a readable reason when the store cannot be reached or written (checked at start). */
  check(): Promise<void>;
}

/** The data folder: `<dataDir>/files/ab/cd/<sha256>`. */
export function folderBlobs(root: string): BlobStore {
  return {
    description: `folder ${root}`,
    async put(sha256, tmp) {
      const final = path.join(root, blobPath(sha256));
      fs.mkdirSync(path.dirname(final), { recursive: true });
      if (!fs.existsSync(final)) fs.renameSync(tmp, final);
    },
    async open(sha256) {
      const p = path.join(root, blobPath(sha256));
      return fs.existsSync(p) ? fs.createReadStream(p) : null;
    },
    async check() {
      fs.mkdirSync(root, { recursive: true });
    },
  };
}

export interface S3Settings {
  /** http(s)://host[:port] of the S3 API (path-style requests: `<endpoint>/<bucket>/<key>`). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket (e.g. `cityloop/`), '' for none. */
  prefix: string;
}

export class ObjectStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectStoreError';
  }
}

/** An S3-compatible bucket. */
export function s3Blobs(s: S3Settings): BlobStore {
  const base = new URL(s.endpoint);
  const keyOf = (sha256: string) => `${s.prefix}${blobPath(sha256)}`;
  const objectPath = (key: string) => `/${encodeURIComponent(s.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;

  function signed(method: string, pathname: string, headers: Record<string, string> = {}): { url: string; headers: Record<string, string> } {
    const req = aws4.sign(
      { host: base.host, path: pathname, method, service: 's3', region: s.region, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers } },
      { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    );
    return { url: `${base.protocol}//${base.host}${pathname}`, headers: req.headers as Record<string, string> };
  }

  async function send(method: string, pathname: string, init: { headers?: Record<string, string>; body?: Readable | Buffer; length?: number } = {}): Promise<Response> {
    const r = signed(method, pathname, { ...(init.headers ?? {}), ...(init.length !== undefined ? { 'content-length': String(init.length) } : {}) });
    try {
      return await fetch(r.url, {
        method,
        headers: r.headers,
        ...(init.body ? { body: init.body instanceof Readable ? (Readable.toWeb(init.body) as unknown as Blob) : init.body, duplex: 'half' } : {}),
      } as RequestInit);
    } catch (e) {
      throw new ObjectStoreError(`object store ${s.endpoint} unreachable 对象存储无法连接: ${(e as Error).message}`);
    }
  }

  async function failure(what: string, res: Response): Promise<ObjectStoreError> {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? res.statusText;
    return new ObjectStoreError(`object store ${what}: ${res.status} ${code} 对象存储操作失败`);
  }

  return {
    description: `S3 ${s.endpoint}/${s.bucket}${s.prefix ? `/${s.prefix}` : ''}`,
    async put(sha256, tmp, size, mime) {
      const key = objectPath(keyOf(sha256));
      const head = await send('HEAD', key);
      if (head.ok) return; // written once, never changed: the same digest is the same bytes
      // The payload's SHA-256 is the content address: S3 checks the bytes against it.
      const res = await send('PUT', key, { headers: { 'content-type': mime, 'x-amz-content-sha256': sha256 }, body: fs.createReadStream(tmp), length: size });
      if (!res.ok) throw await failure(`PUT ${keyOf(sha256)}`, res);
      await res.arrayBuffer().catch(() => undefined);
    },
    async open(sha256) {
      const res = await send('GET', objectPath(keyOf(sha256)));
      if (res.status === 404) {
        await res.arrayBuffer().catch(() => undefined);
        return null;
      }
      if (!res.ok || !res.body) throw await failure(`GET ${keyOf(sha256)}`, res);
      return Readable.fromWeb(res.body as unknown as WebReadableStream);
    },
    async check() {
      const res = await send('HEAD', `/${encodeURIComponent(s.bucket)}`);
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 404) throw new ObjectStoreError(`object store bucket "${s.bucket}" does not exist at ${s.endpoint} 存储桶不存在`);
      if (!res.ok) throw new ObjectStoreError(`object store bucket "${s.bucket}" at ${s.endpoint} answered ${res.status} (credentials? 凭据有误？)`);
    },
  };
}
