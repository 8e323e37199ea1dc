import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { imageSize, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, tooManyPixels } from './dimensions.ts';
import { checkImage } from './index.ts';

const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

/** A PNG whose header declares `w`×`h` (the data is one deflated scan line: small, as in the report). */
function pngDeclaring(w: number, h: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: number[]) => [...be32(data.length), ...ascii(type), ...data, 0, 0, 0, 0];
  const ihdr = [...be32(w), ...be32(h), 8, 6, 0, 0, 0];
  const idat = [...deflateSync(Buffer.alloc(64))];
  return new Uint8Array([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', idat),
    ...chunk('IEND', []),
  ]);
}

function jpegDeclaring(w: number, h: number): Uint8Array<ArrayBuffer> {
  const seg = (marker: number, payload: number[]) => [
    0xff,
    marker,
    (payload.length + 2) >> 8,
    (payload.length + 2) & 0xff,
    ...payload,
  ];
  return new Uint8Array([
    0xff,
    0xd8,
    ...seg(0xe0, [...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xc2, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0]), // progressive
    ...[0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9],
  ]);
}

function webpVp8x(w: number, h: number): Uint8Array<ArrayBuffer> {
  const u24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
  const vp8x = [...ascii('VP8X'), ...le32(10), 0, 0, 0, 0, ...u24(w - 1), ...u24(h - 1)];
  const vp8l = [...ascii('VP8L'), ...le32(6), 0x2f, 0, 0, 0, 0, 0];
  const body = [...ascii('WEBP'), ...vp8x, ...vp8l];
  return new Uint8Array([...ascii('RIFF'), ...le32(body.length), ...body]);
}

function webpVp8l(w: number, h: number): Uint8Array<ArrayBuffer> {
  const bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14);
  const vp8l = [...ascii('VP8L'), ...le32(10), 0x2f, ...le32(bits), 0, 0, 0, 0, 0];
  const body = [...ascii('WEBP'), ...vp8l];
  return new Uint8Array([...ascii('RIFF'), ...le32(body.length), ...body]);
}

describe('declared image size', () => {
  it('reads PNG, JPEG and WebP (VP8X, VP8L) headers', () => {
    expect(imageSize(pngDeclaring(300, 7), 'image/png')).toEqual({ width: 300, height: 7 });
    expect(imageSize(jpegDeclaring(640, 480), 'image/jpeg')).toEqual({ width: 640, height: 480 });
    expect(imageSize(webpVp8x(1600, 900), 'image/webp')).toEqual({ width: 1600, height: 900 });
    expect(imageSize(webpVp8l(16384, 2), 'image/webp')).toEqual({ width: 16384, height: 2 });
    expect(imageSize(pngDeclaring(0, 5), 'image/png')).toBeNull();
    expect(imageSize(pngDeclaring(5, 5).subarray(0, 20), 'image/png')).toBeNull();
  });

  it('limits each side to 10,000 pixels and the whole to 40 megapixels', () => {
    expect(MAX_IMAGE_SIDE).toBe(10_000);
    expect(MAX_IMAGE_PIXELS).toBe(40_000_000);
    expect(tooManyPixels({ width: 10_000, height: 4_000 })).toBe(false);
    expect(tooManyPixels({ width: 8_000, height: 5_000 })).toBe(false);
    expect(tooManyPixels({ width: 10_001, height: 1 })).toBe(true);
    expect(tooManyPixels({ width: 1, height: 10_001 })).toBe(true);
    expect(tooManyPixels({ width: 8_000, height: 5_001 })).toBe(true);
  });
});

describe('checkImage refuses images that declare too many pixels', () => {
  it('a PNG of a few hundred bytes declaring 30000×30000 is refused as too_many_pixels', async () => {
    const png = pngDeclaring(30_000, 30_000);
    expect(png.length).toBeLessThan(200);
    expect(await checkImage(new File([png], 'bomb.png'))).toEqual({ ok: false, reason: 'too_many_pixels' });
  });

  it.each([
    ['JPEG 20000×20000', jpegDeclaring(20_000, 20_000)],
    ['JPEG 65535×1', jpegDeclaring(65_535, 1)],
    ['WebP VP8X 16384×16384', webpVp8x(16_384, 16_384)],
    ['WebP VP8L 16384×16384', webpVp8l(16_384, 16_384)],
    ['PNG 7000×7000 (49 MP, each side allowed)', pngDeclaring(7_000, 7_000)],
  ])('refuses %s', async (_, bytes) => {
    expect(await checkImage(new File([bytes], 'x'))).toEqual({ ok: false, reason: 'too_many_pixels' });
  });

  it('accepts the same files at sensible sizes, with their size', async () => {
    for (const [bytes, w, h] of [
      [pngDeclaring(4000, 3000), 4000, 3000],
      [jpegDeclaring(8000, 5000), 8000, 5000],
      [webpVp8x(1920, 1080), 1920, 1080],
    ] as const) {
      const r = await checkImage(new File([bytes], 'x'));
      expect(r).toMatchObject({ ok: true, width: w, height: h });
    }
  });

  it('refuses an image whose size cannot be read', async () => {
    const jpegWithoutFrame = Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9]);
    expect(await checkImage(new File([jpegWithoutFrame], 'x.jpg'))).toEqual({
      ok: false,
      reason: 'wrong_type',
    });
  });
});
