import { describe, expect, it } from 'vitest';
import { checkImage, stripImageMetadata } from './index.ts';

const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : [...p])));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const seg = (marker: number, payload: Uint8Array) =>
  bytes([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff], payload);

/** Little-endian EXIF: orientation 6, an image description and a GPS IFD with latitude. */
function exif(): Uint8Array {
  const le16 = (n: number) => [n & 0xff, n >> 8];
  const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const ifd0 = 8;
  const desc = ifd0 + 2 + 3 * 12 + 4; // after IFD0
  const descText = 'SECRET-PLACE\0';
  const gps = desc + descText.length + 1;
  const tiff = bytes(
    'II',
    le16(42),
    le32(ifd0),
    le16(3),
    [...le16(0x010e), ...le16(2), ...le32(descText.length), ...le32(desc)], // ImageDescription
    [...le16(0x0112), ...le16(3), ...le32(1), ...le16(6), 0, 0], // Orientation 6
    [...le16(0x8825), ...le16(4), ...le32(1), ...le32(gps)], // GPS IFD
    le32(0),
    descText,
    [0],
    le16(1),
    [...le16(0x0001), ...le16(2), ...le32(2), 0x4e, 0, 0, 0], // GPSLatitudeRef "N"
    le32(0),
  );
  return bytes('Exif\0\0', tiff);
}

/** Start of frame (baseline): 8 bits, 48 high, 64 wide, one component. */
const SOF_64x48 = seg(0xc0, bytes([8, 0, 48, 0, 64, 1, 1, 0x11, 0]));
const SCAN = bytes([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], [0x12, 0x34, 0xff, 0x00, 0x56], [0xff, 0xd9]);

describe('image metadata', () => {
  it('removes EXIF (GPS, description), XMP, IPTC and comments from a JPEG, keeping orientation, ICC and the picture', () => {
    const jpeg = bytes(
      [0xff, 0xd8],
      seg(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0])),
      seg(0xe1, exif()),
      seg(0xe1, bytes('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>home</x:xmpmeta>')),
      seg(0xe2, bytes('ICC_PROFILE\0', [1, 1, 9, 9])),
      seg(0xed, bytes('Photoshop 3.0\0IPTC-CITY')),
      seg(0xfe, bytes('taken at home, 52.55N 13.38E')),
      seg(0xdb, bytes([0, ...new Array(64).fill(1)])),
      SCAN,
    );
    const out = stripImageMetadata(jpeg, 'image/jpeg')!;
    const s = text(out);
    for (const gone of ['SECRET-PLACE', 'xmpmeta', 'IPTC-CITY', 'taken at home'])
      expect(s).not.toContain(gone);
    expect(s).toContain('JFIF');
    expect(s).toContain('ICC_PROFILE');
    // The orientation survives as the only EXIF entry: tag 0x0112, SHORT, value 6.
    expect(s).toContain(
      text(bytes('Exif\0\0MM', [0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6])),
    );
    expect(text(out.subarray(out.length - SCAN.length))).toBe(text(SCAN));
    expect(out.length).toBeLessThan(jpeg.length);
  });

  it('removes text and EXIF chunks from a PNG and leaves the image chunks byte for byte', () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const chunk = (type: string, data: string) => {
      const d = Buffer.from(data, 'latin1');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(d.length);
      return Buffer.concat([len, Buffer.from(type, 'latin1'), d, Buffer.alloc(4)]);
    };
    const iend = png.length - 12;
    const withMeta = Buffer.concat([
      png.subarray(0, iend),
      chunk('tEXt', 'Comment\0flat 3, left'),
      chunk('eXIf', 'MM\0*GPS'),
      png.subarray(iend),
    ]);
    const out = stripImageMetadata(withMeta, 'image/png')!;
    expect(Buffer.from(out).equals(png)).toBe(true);
  });

  it('removes EXIF and XMP chunks from a WebP and fixes the flags and the RIFF size', () => {
    const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
    const ch = (type: string, data: Uint8Array) =>
      bytes(type, le32(data.length), data, data.length % 2 ? [0] : []);
    const vp8x = ch('VP8X', bytes([0x10 | 0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const image = ch('VP8L', bytes([0x2f, 1, 2, 3, 4]));
    const body = bytes(
      'WEBP',
      vp8x,
      image,
      ch('EXIF', bytes('MM\0*SECRET')),
      ch('XMP ', bytes('<x>home</x>')),
    );
    const webp = bytes('RIFF', le32(body.length), body);
    const out = stripImageMetadata(webp, 'image/webp')!;
    expect(text(out)).not.toContain('SECRET');
    expect(text(out)).not.toContain('home');
    expect(Buffer.from(out).readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]).toBe(0x10); // alpha kept, EXIF and XMP flags cleared
    const cleanVp8x = vp8x.slice();
    cleanVp8x[8] = 0x10;
    expect(text(out.subarray(12))).toBe(text(bytes(cleanVp8x, image)));
  });

  it('is applied to every checked upload; a JPEG whose segments cannot be walked is refused', async () => {
    const jpeg = bytes([0xff, 0xd8], seg(0xe1, exif()), seg(0xdb, bytes([0, 1, 2])), SOF_64x48, SCAN);
    const ok = await checkImage(new File([jpeg], 'x.jpg'));
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(text(ok.bytes)).not.toContain('SECRET-PLACE');
    const broken = bytes([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff], 'Exif');
    expect((await checkImage(new File([broken], 'y.jpg'))).ok).toBe(false);
  });
});
