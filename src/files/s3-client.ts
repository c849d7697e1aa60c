/**
 * The S3-compatible object store client (MinIO, Ceph RGW, a government cloud's OSS/OBS/COS in S3
 * mode, AWS S3): an outbound HTTP adapter, so it reads the store's HTTP answers. Requests are
 * signed with AWS Signature V4 (aws4) and sent with fetch; the payload's signed hash is its
 * content address. Objects are written once and never changed.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import aws4 from 'aws4';
import type { BlobStore } from './blobs.js';
import { blobPath } from './model.js';

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
