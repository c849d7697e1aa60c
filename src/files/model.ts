/**
 * Evidence files (photos and videos): which kinds are allowed and how they are named. Pure.
 * The type is decided by the file's first bytes (magic numbers), never by the name or the
 * Content-Type a client claims.
 */
export const FILE_KINDS = ['image/jpeg', 'image/png', 'image/webp', 'video/mp4'] as const;
export type FileMime = (typeof FILE_KINDS)[number];

/** ISO base-media brands that are MP4 (QuickTime `qt  `, HEIC/AVIF images and 3GP are not). */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'msnv', 'mmp4', 'f4v ']);

/** Recognises an allowed kind from the first bytes (at least 12 are needed); null when not allowed. */
export function sniffMime(head: Uint8Array): FileMime | null {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && MP4_BRANDS.has(ascii(8, 12))) return 'video/mp4';
  return null;
}

export const EXTENSIONS: Record<FileMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'video/mp4': 'mp4' };

export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

/** Relative path of a stored file: `ab/cd/abcd…` (two levels of fan-out keep folders small). */
export function blobPath(sha256: string): string {
  if (!isSha256(sha256)) throw new Error(`not a sha-256 hex digest: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
