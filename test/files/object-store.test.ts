/**
 * Evidence files in an S3-compatible object store (CITYLOOP_S3_*), against a real S3 protocol server
 * (s3rver, on a free local port, its objects in a folder): a photo saved through the platform is one
 * object under its content address, reads back byte for byte, is stored once however often it is
 * uploaded, and a photo whose object is gone reads as not found; a bucket that does not exist stops
 * start-up with the reason; half the settings are refused by the configuration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/stores.js';
import { loadConfig, ConfigError } from '../../src/core/config.js';
import type { S3Settings } from '../../src/files/blobs.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function bytesOf(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** Every object file s3rver keeps for a bucket (it stores `<key>._S3rver_object` under the bucket's folder). */
function objectsIn(dir: string, bucket: string): string[] {
  const root = path.join(dir, bucket);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('._S3rver_object')) out.push(path.relative(root, p).replace(/\._S3rver_object$/, '').split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

describe('evidence in an S3-compatible object store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-s3-'));
  let server: S3rver;
  let settings: S3Settings;
  let tc: TestContext;

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'evidence', configs: [] }] });
    const { port } = await server.run();
    settings = { endpoint: `http://127.0.0.1:${port}`, bucket: 'evidence', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'xiamen/' };
    tc = await createTestContext('sqlite', { config: { objectStore: settings } });
  }, 60_000);

  afterAll(async () => {
    await tc?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a photo as one object under its content address and reads it back byte for byte', async () => {
    const saved = await tc.ctx.files.saveBuffer(PNG, { uploadedBy: 'u1', originalName: 'before.png' });
    expect(saved).toMatchObject({ mime: 'image/png', size: PNG.length, created: true });
    const key = `xiamen/${saved.sha256.slice(0, 2)}/${saved.sha256.slice(2, 4)}/${saved.sha256}`;
    expect(objectsIn(dir, 'evidence')).toEqual([key]);
    // Nothing under the data folder: the bytes are in the object store only.
    expect(fs.existsSync(path.join(tc.config.dataDir, 'files', saved.sha256.slice(0, 2)))).toBe(false);
    const opened = await tc.ctx.files.open(saved.sha256);
    expect(opened.file.originalName).toBe('before.png');
    expect((await bytesOf(opened.stream)).equals(PNG)).toBe(true);
    expect(tc.ctx.files.blobs.description).toBe(`S3 ${settings.endpoint}/evidence/xiamen/`);
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const again = await tc.ctx.files.saveBuffer(PNG, { uploadedBy: 'u2' });
    expect(again.created).toBe(false);
    expect(objectsIn(dir, 'evidence')).toHaveLength(1);
  });

  it('answers FILE_NOT_FOUND for a file whose object has gone from the bucket', async () => {
    const other = Buffer.concat([PNG, Buffer.from('trailing bytes make another digest')]);
    const saved = await tc.ctx.files.saveBuffer(other, { uploadedBy: 'u1' });
    fs.rmSync(path.join(dir, 'evidence', 'xiamen', saved.sha256.slice(0, 2), saved.sha256.slice(2, 4), `${saved.sha256}._S3rver_object`));
    await expect(tc.ctx.files.open(saved.sha256)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('does not start on a bucket that does not exist, and says so', async () => {
    await expect(createTestContext('sqlite', { config: { objectStore: { ...settings, bucket: 'no-such-bucket' } } })).rejects.toThrow(/bucket "no-such-bucket" does not exist/);
  });

  it('refuses half an object-store configuration', () => {
    expect(() => loadConfig({ CITYLOOP_S3_ENDPOINT: 'http://minio:9000', CITYLOOP_S3_BUCKET: 'evidence' })).toThrow(ConfigError);
    expect(() => loadConfig({ CITYLOOP_S3_ENDPOINT: 'minio:9000', CITYLOOP_S3_BUCKET: 'evidence', CITYLOOP_S3_ACCESS_KEY: 'a', CITYLOOP_S3_SECRET_KEY: 'b' })).toThrow(/http\(s\):\/\/host/);
    const ok = loadConfig({ CITYLOOP_S3_ENDPOINT: 'https://oss.example.gov.cn/', CITYLOOP_S3_BUCKET: 'evidence', CITYLOOP_S3_ACCESS_KEY: 'a', CITYLOOP_S3_SECRET_KEY: 'b' });
    expect(ok.objectStore).toEqual({ endpoint: 'https://oss.example.gov.cn', bucket: 'evidence', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', prefix: '' });
    expect(loadConfig({}).objectStore).toBeNull();
  });
});
