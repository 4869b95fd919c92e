/**
 * Draws Switchboard's icons as PNGs with no image library: the app icon (1024 px, from which
 * electron-builder derives .icns and .ico), the Linux icon set (build/icons/NxN.png) and the tray
 * icon (build/tray.png 16 px, build/tray@2x.png 32 px, picked by Electron's nativeImage on HiDPI).
 *
 * The mark: a rounded blue tile with three patch lines, each ending in a jack, the way an old
 * telephone switchboard looks. Re-run with `npx tsx build/make-icons.ts`; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encode an RGBA pixel buffer (row-major) as a PNG. */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Signed distance from p to a rounded box centred at c with half-size h and corner radius r. */
function roundedBox(px: number, py: number, cx: number, cy: number, hx: number, hy: number, r: number): number {
  const qx = Math.abs(px - cx) - hx + r;
  const qy = Math.abs(py - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(px: number, py: number, cx: number, cy: number, r: number): number {
  return Math.hypot(px - cx, py - cy) - r;
}

/** Coverage of a shape at a pixel from its signed distance (1 px antialiasing ramp). */
const coverage = (distance: number, pixel: number): number => Math.max(0, Math.min(1, 0.5 - distance / pixel));

function over(dst: Rgba, color: Rgba, alpha: number): Rgba {
  const a = alpha * (color[3] / 255);
  const outA = a + (dst[3] / 255) * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2) => (color[i] * a + dst[i] * (dst[3] / 255) * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA * 255];
}

/** Draw the mark in unit coordinates (0..1); `tray` = a simpler, high-contrast variant. */
function draw(size: number, tray: boolean): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const px = 1 / size;
  const lines = [0.3, 0.5, 0.7];
  const jacks = [0.72, 0.38, 0.6]; // where each patch line ends
  const top: Rgba = [47, 129, 247, 255];
  const bottom: Rgba = [21, 77, 173, 255];
  const white: Rgba = [255, 255, 255, 255];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let color: Rgba = [0, 0, 0, 0];
      const inset = tray ? 0.02 : 0.08;
      const tile = roundedBox(u, v, 0.5, 0.5, 0.5 - inset, 0.5 - inset, tray ? 0.18 : 0.2);
      const gradient: Rgba = [0, 1, 2, 3].map((i) => (top[i] ?? 0) + ((bottom[i] ?? 0) - (top[i] ?? 0)) * v) as Rgba;
      color = over(color, gradient, coverage(tile, px));
      lines.forEach((ly, i) => {
        const end = jacks[i] ?? 0.5;
        const thickness = tray ? 0.07 : 0.035;
        const line = roundedBox(u, v, (0.24 + end) / 2, ly, (end - 0.24) / 2, thickness, thickness);
        color = over(color, white, coverage(line, px) * (tile < 0 ? 1 : 0));
        const jack = circle(u, v, end, ly, tray ? 0.11 : 0.075);
        color = over(color, white, coverage(jack, px));
        if (!tray) color = over(color, bottom, coverage(circle(u, v, end, ly, 0.032), px));
      });
      pixels.set(color.map((c) => Math.round(c)), (y * size + x) * 4);
    }
  }
  return pixels;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function write(name: string, size: number, tray = false): void {
  const file = path.join(here, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodePng(size, draw(size, tray)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  write('icon.png', 1024);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`icons/${size}x${size}.png`, size);
  write('tray.png', 16, true);
  write('tray@2x.png', 32, true);
  console.log('icons written to', here);
}
