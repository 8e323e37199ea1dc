import type { ImageType } from './index.ts';

/**
 * Pixel size an image declares in its header — PNG IHDR, JPEG start of frame, WebP VP8/VP8L/VP8X —
 * read without decoding anything. A small file can declare a huge picture (a 0.9 MB PNG of
 * 30000×30000 pixels is 3.6 GB once decoded), which would exhaust the memory of every phone that
 * shows it; uploads are therefore refused above these limits, whatever their size in bytes.
 */

/** Longest side accepted, in pixels: more than any web page or print-out of ours needs. */
export const MAX_IMAGE_SIDE = 10_000;
/** Most pixels accepted (40 megapixels, e.g. 8000×5000: a full-size photo of today's phones fits). */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface ImageSize {
  /** As the browser shows it: a JPEG's EXIF orientation 5–8 (turned by 90°) swaps the sides. */
  width: number;
  height: number;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u32be = (b: Uint8Array, at: number) =>
  ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);

function pngSize(b: Uint8Array): [number, number] | null {
  // Signature (8), then the IHDR chunk: length (4), "IHDR", width, height.
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return [u32be(b, 16), u32be(b, 20)];
}

/** EXIF orientation 5–8 means the picture is shown turned by 90°. */
function exifTurns(b: Uint8Array, app1: number, len: number): boolean {
  const start = app1 + 4;
  if (len < 14 || ascii(b, start, 6) !== 'Exif\0\0') return false;
  const tiff = start + 6;
  const le = ascii(b, tiff, 2) === 'II';
  const r16 = (at: number) => (le ? u16le(b, at) : u16be(b, at));
  const r32 = (at: number) => (le ? (u16le(b, at) | (u16le(b, at + 2) << 16)) >>> 0 : u32be(b, at));
  const end = app1 + 2 + len;
  const ifd = tiff + r32(tiff + 4);
  if (ifd + 2 > end) return false;
  const entries = r16(ifd);
  for (let i = 0; i < entries; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) return false;
    if (r16(e) === 0x0112) {
      const o = r16(e + 8);
      return o >= 5 && o <= 8;
    }
  }
  return false;
}

function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2;
  let turned = false;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = u16be(b, i + 2);
    if (len < 2) return null;
    if (marker === 0xe1 && !turned) turned = exifTurns(b, i, len);
    // Start of frame (baseline, progressive, …); C4 (Huffman), C8 (reserved) and CC (arithmetic) are not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      const h = u16be(b, i + 5);
      const w = u16be(b, i + 7);
      return turned ? [h, w] : [w, h];
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data before any frame header
    i += 2 + len;
  }
  return null;
}

function webpSize(b: Uint8Array): [number, number] | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    // Key frame start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  // Extended format: the canvas size (24 bits each, minus one).
  if (chunk === 'VP8X') return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return null;
}

/** The declared pixel size, or null when the header cannot be read (or declares no pixels). */
export function imageSize(bytes: Uint8Array, type: ImageType): ImageSize | null {
  const size =
    type === 'image/png' ? pngSize(bytes) : type === 'image/jpeg' ? jpegSize(bytes) : webpSize(bytes);
  if (!size || size[0] < 1 || size[1] < 1) return null;
  return { width: size[0], height: size[1] };
}

/** True when the size is above MAX_IMAGE_SIDE on a side or MAX_IMAGE_PIXELS in all. */
export const tooManyPixels = (s: ImageSize): boolean =>
  s.width > MAX_IMAGE_SIDE || s.height > MAX_IMAGE_SIDE || s.width * s.height > MAX_IMAGE_PIXELS;
