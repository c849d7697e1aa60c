/**
 * Where evidence bytes live, by content address (`ab/cd/<sha256>`): the data folder (the default, one
 * machine) or an S3-compatible object store (MinIO, Ceph RGW, a government cloud's OSS/OBS/COS in
 * S3 mode, AWS S3) shared by every process of an installation. Objects are written once and never
 * changed: a key that exists holds the bytes its name promises. The S3 client is in `s3-client.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
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

export { s3Blobs, ObjectStoreError, type S3Settings } from './s3-client.js';
