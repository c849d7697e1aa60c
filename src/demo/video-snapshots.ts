/**
 * Synthetic snapshots for the demo's simulated video feed: a small PNG of a street scene (sky, shop
 * fronts, pavement) with the detected object drawn where its box says, so the review queue shows a
 * frame and its box. Made with node:zlib; no image library.
 */
import { crc32, deflateSync } from 'node:zlib';

const W = 320;
const H = 180;

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG frame; `box` in fractions of the frame; `seed` varies the shop colours and the object's. */
export function demoSnapshot(box: { x: number; y: number; w: number; h: number }, seed: number): Buffer {
  const raw = Buffer.alloc((W * 3 + 1) * H);
  const shop = [[176, 196, 222], [222, 184, 135], [205, 220, 200], [230, 200, 200]][seed % 4]!;
  const obj = [[200, 60, 40], [60, 90, 170], [230, 170, 40], [90, 140, 60]][(seed >> 2) % 4]!;
  const bx0 = Math.floor(box.x * W);
  const by0 = Math.floor(box.y * H);
  const bx1 = Math.ceil((box.x + box.w) * W);
  const by1 = Math.ceil((box.y + box.h) * H);
  for (let y = 0; y < H; y++) {
    const row = y * (W * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < W; x++) {
      let c: number[];
      if (x >= bx0 && x < bx1 && y >= by0 && y < by1) c = ((x - bx0) % 12 < 2 || (y - by0) % 10 < 2) ? [obj[0]! - 40, obj[1]! - 30, obj[2]! - 20] : obj;
      else if (y < H * 0.18) c = [200, 220, 240];
      else if (y < H * 0.5) c = (Math.floor(x / 64) % 2 === 0 ? shop : [shop[0]! - 25, shop[1]! - 25, shop[2]! - 25]).map((v) => (y % 30 < 2 ? v - 60 : v));
      else c = (Math.floor(x / 20) + Math.floor(y / 20)) % 2 === 0 ? [150, 150, 150] : [165, 165, 160];
      const o = row + 1 + x * 3;
      raw[o] = Math.max(0, c[0]!);
      raw[o + 1] = Math.max(0, c[1]!);
      raw[o + 2] = Math.max(0, c[2]!);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}
