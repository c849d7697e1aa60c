import { describe, expect, it } from 'vitest';
import { blobPath, isSha256, sniffMime } from '../../src/files/model.js';

const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('file type by magic bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF....'), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
    ['WebP', bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'video/mp4'],
    ['MP4 (mp42)', bytes([0, 0, 0, 0x18], 'ftypmp42'), 'video/mp4'],
  ] as const)('recognises %s', (_n, b, mime) => {
    expect(sniffMime(b)).toBe(mime);
  });
  it.each([
    ['a GIF', bytes('GIF89a......')],
    ['a PDF', bytes('%PDF-1.7....')],
    ['a QuickTime movie', bytes([0, 0, 0, 0x14], 'ftypqt  ')],
    ['a HEIC photo', bytes([0, 0, 0, 0x18], 'ftypheic')],
    ['a WAV in RIFF', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['text claiming to be a JPEG', bytes('hello world!')],
    ['two bytes', bytes([0xff, 0xd8])],
  ] as const)('refuses %s', (_n, b) => {
    expect(sniffMime(b)).toBeNull();
  });
});

describe('content-addressed paths', () => {
  it('fan out by the first two byte pairs', () => {
    const h = 'ab'.repeat(32);
    expect(blobPath(h)).toBe(`ab/ab/${h}`);
  });
  it('accept only lower-case hex digests', () => {
    expect(isSha256('A'.repeat(64))).toBe(false);
    expect(() => blobPath('../etc/passwd')).toThrow();
  });
});
