/**
 * A small streaming tar (ustar) writer and reader, gzip-compressed: the backup archive's format, so
 * `tar tzf backup.tar.gz` lists it with the system's own tools. Regular files only; names up to 100
 * bytes (the archive holds `cityloop.sqlite`, `manifest.json` and `files/ab/cd/<sha256>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';

const BLOCK = 512;

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar: name longer than 100 bytes: ${name}`);
  nameBytes.copy(h, 0);
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(`${Math.floor(mtime / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export interface TarWriter {
  /** Adds a file from disk; resolves to its SHA-256 (hex) and size. */
  addFile(name: string, file: string): Promise<{ sha256: string; size: number }>;
  addBuffer(name: string, body: Buffer): Promise<void>;
  /** Writes the end blocks and closes the file. */
  finish(): Promise<void>;
}

export function createTarGzWriter(target: string): TarWriter {
  const gzip = createGzip({ level: 6 });
  const file = fs.createWriteStream(target);
  gzip.pipe(file);
  const closed = once(file, 'close');
  return {
    async addFile(name, source) {
      const stat = await fs.promises.stat(source);
      await write(gzip, header(name, stat.size, stat.mtimeMs));
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of fs.createReadStream(source)) {
        const b = chunk as Buffer;
        hash.update(b);
        size += b.length;
        await write(gzip, b);
      }
      if (size !== stat.size) throw new Error(`tar: ${source} changed size while it was archived`);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) await write(gzip, Buffer.alloc(pad));
      return { sha256: hash.digest('hex'), size };
    },
    async addBuffer(name, body) {
      await write(gzip, header(name, body.length, Date.now()));
      await write(gzip, body);
      const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
      if (pad) await write(gzip, Buffer.alloc(pad));
    },
    async finish() {
      await write(gzip, Buffer.alloc(BLOCK * 2));
      gzip.end();
      await closed;
    },
  };
}

export interface ExtractedEntry {
  name: string;
  size: number;
  sha256: string;
}

/**
 * Extracts every file of a .tar.gz under `dir`, streaming, and reports each entry's SHA-256. Names
 * that would leave `dir` (absolute, `..`) are refused.
 */
export async function extractTarGz(archive: string, dir: string, onEntry?: (e: ExtractedEntry) => void): Promise<ExtractedEntry[]> {
  const entries: ExtractedEntry[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let current: { name: string; size: number; left: number; pad: number; out: fs.WriteStream | null; hash: ReturnType<typeof createHash> } | null = null;
  let ended = false;
  const root = path.resolve(dir);
  const finishEntry = async () => {
    const c = current!;
    if (c.out) {
      c.out.end();
      await once(c.out, 'close');
    }
    const e = { name: c.name, size: c.size, sha256: c.hash.digest('hex') };
    entries.push(e);
    onEntry?.(e);
  };
  for await (const chunk of fs.createReadStream(archive).pipe(createGunzip())) {
    buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer);
    for (;;) {
      if (ended) break;
      if (!current) {
        if (buf.length < BLOCK) break;
        const h = buf.subarray(0, BLOCK);
        buf = buf.subarray(BLOCK);
        if (h.every((b) => b === 0)) {
          ended = true;
          break;
        }
        const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
        const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
        const type = String.fromCharCode(h[156]!);
        const target = path.resolve(root, name);
        if (!target.startsWith(root + path.sep)) throw new Error(`archive entry '${name}' would be written outside ${dir}`);
        let out: fs.WriteStream | null = null;
        if (type === '0' || type === '\0') {
          await fs.promises.mkdir(path.dirname(target), { recursive: true });
          out = fs.createWriteStream(target, { flags: 'wx' });
        }
        current = { name, size, left: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, out, hash: createHash('sha256') };
        if (size === 0) {
          await finishEntry();
          current = null;
        }
        continue;
      }
      if (current.left > 0) {
        if (buf.length === 0) break;
        const n = Math.min(current.left, buf.length);
        const part = buf.subarray(0, n);
        buf = buf.subarray(n);
        current.hash.update(part);
        if (current.out && !current.out.write(part)) await once(current.out, 'drain');
        current.left -= n;
        if (current.left > 0) break;
      }
      if (buf.length < current.pad) break;
      buf = buf.subarray(current.pad);
      await finishEntry();
      current = null;
    }
  }
  if (current) throw new Error('the archive ends in the middle of a file: it is truncated');
  return entries;
}
