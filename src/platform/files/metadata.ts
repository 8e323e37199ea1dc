import type { ImageType } from './index.ts';

/**
 * Removes what a camera or phone writes beside the picture — EXIF (GPS position, time, device,
 * serial numbers), XMP, IPTC, comments and text chunks — before an upload is stored: a resident's
 * photo of their own flat must not publish where they live. The pixels are not touched (no
 * re-encoding, so no quality loss). A JPEG keeps one thing of its EXIF, the orientation, because
 * browsers turn the picture by it. Colour profiles (ICC) stay. Bytes that cannot be walked safely
 * are returned unchanged only when they contain no metadata marker at all; otherwise null.
 */
export function stripImageMetadata(bytes: Uint8Array, type: ImageType): Uint8Array | null {
  if (type === 'image/jpeg') return stripJpeg(bytes);
  if (type === 'image/png') return stripPng(bytes);
  return stripWebp(bytes);
}

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u32be = (b: Uint8Array, at: number) =>
  ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const u32le = (b: Uint8Array, at: number) =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** EXIF orientation (1–8) from an APP1 payload ("Exif\0\0" + TIFF), or null. */
function exifOrientation(seg: Uint8Array): number | null {
  if (seg.length < 14 || ascii(seg, 0, 6) !== 'Exif\0\0') return null;
  const tiff = 6;
  const le = ascii(seg, tiff, 2) === 'II';
  const r16 = (at: number) => (le ? seg[at] | (seg[at + 1] << 8) : u16be(seg, at));
  const r32 = (at: number) => (le ? u32le(seg, at) : u32be(seg, at));
  const ifd = tiff + r32(tiff + 4);
  if (ifd + 2 > seg.length) return null;
  const n = r16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > seg.length) return null;
    if (r16(e) === 0x0112) {
      const o = r16(e + 8);
      return o >= 1 && o <= 8 ? o : null;
    }
  }
  return null;
}

/** A new APP1 segment holding only the orientation (big-endian TIFF, one IFD entry). */
function orientationApp1(o: number): Uint8Array {
  const payload = [
    ...[0x45, 0x78, 0x69, 0x66, 0, 0], // "Exif\0\0"
    ...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8], // "MM", 42, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0], // Orientation, SHORT, 1, value
    ...[0, 0, 0, 0], // no next IFD
  ];
  const len = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, len >> 8, len & 0xff, ...payload]);
}

function stripJpeg(b: Uint8Array): Uint8Array | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  const keep: Uint8Array[] = [b.subarray(0, 2)];
  let orientation: number | null = null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Start of scan or end of image: the rest is picture data, copied as it is.
    if (marker === 0xda || marker === 0xd9) {
      if (orientation && orientation !== 1) keep.splice(1, 0, orientationApp1(orientation));
      keep.push(b.subarray(i));
      return concat(keep);
    }
    const len = u16be(b, i + 2);
    if (len < 2 || i + 2 + len > b.length) return null;
    const seg = b.subarray(i, i + 2 + len);
    const payload = b.subarray(i + 4, i + 2 + len);
    if (marker === 0xe1)
      orientation ??= exifOrientation(payload); // EXIF or XMP: dropped
    else if (marker === 0xed || marker === 0xfe) {
      // IPTC/Photoshop (APP13) and comments: dropped
    } else keep.push(seg);
    i += 2 + len;
  }
  return null;
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function stripPng(b: Uint8Array): Uint8Array | null {
  const keep: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + len;
    if (end > b.length) return null;
    if (!PNG_DROP.has(type)) keep.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(keep);
  }
  return null;
}

function stripWebp(b: Uint8Array): Uint8Array | null {
  if (b.length < 12 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null;
  const keep: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = ascii(b, i, 4);
    const len = u32le(b, i + 4);
    const end = i + 8 + len + (len % 2); // chunks are padded to an even size
    if (end > b.length) return null;
    if (type === 'VP8X') {
      const chunk = b.slice(i, end);
      chunk[8] &= ~(0x08 | 0x04); // no EXIF, no XMP any more
      keep.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') keep.push(b.subarray(i, end));
    i = end;
  }
  const body = concat(keep);
  const size = body.length + 4;
  const head = Uint8Array.from([
    0x52,
    0x49,
    0x46,
    0x46,
    size & 0xff,
    (size >> 8) & 0xff,
    (size >> 16) & 0xff,
    size >>> 24,
    0x57,
    0x45,
    0x42,
    0x50,
  ]);
  return concat([head, body]);
}
