import { describe, expect, it } from 'vitest';
import { fixture, makePng } from '../test-helpers.ts';
import { inspectImage, MAX_PHOTO_BYTES, sniffImageType } from './images.ts';

/** The JPEG fixture with an EXIF block saying "turn by 90°" (orientation 6), as phones write it. */
function rotatedJpeg(): Uint8Array {
  const jpg = fixture('room.jpg');
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, IFD at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    0x06,
    0x00,
    0x00, // Orientation = 6
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), len, payload]);
  return new Uint8Array(Buffer.concat([Buffer.from(jpg.subarray(0, 2)), app1, Buffer.from(jpg.subarray(2))]));
}

/** The lossy frame of the (extended) WebP fixture as a simple WebP file: RIFF, WEBP, one VP8 chunk. */
function simpleWebp(): Uint8Array {
  const b = Buffer.from(fixture('room.webp'));
  let at = 12;
  while (at + 8 <= b.length) {
    const type = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (type === 'VP8 ') {
      const chunk = b.subarray(at, at + 8 + size + (size % 2));
      const head = Buffer.alloc(12);
      head.write('RIFF', 0, 'ascii');
      head.writeUInt32LE(4 + chunk.length, 4);
      head.write('WEBP', 8, 'ascii');
      return new Uint8Array(Buffer.concat([head, chunk]));
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no VP8 chunk in the fixture');
}

describe('uploaded pictures are recognised by their bytes', () => {
  it('reads type and size of JPEG, PNG and WebP (extended and simple)', () => {
    expect(inspectImage(fixture('room.jpg'))).toEqual({ type: 'image/jpeg', width: 64, height: 48 });
    expect(inspectImage(fixture('room.png'))).toEqual({ type: 'image/png', width: 64, height: 48 });
    expect(inspectImage(fixture('room.webp'))).toEqual({ type: 'image/webp', width: 64, height: 48 });
    expect(inspectImage(simpleWebp())).toEqual({ type: 'image/webp', width: 64, height: 48 });
    expect(inspectImage(makePng(300, 7))).toEqual({ type: 'image/png', width: 300, height: 7 });
  });

  it('reads the size of a lossless WebP header', () => {
    // VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each (here 300 × 200).
    const bits = (300 - 1) | ((200 - 1) << 14);
    const b = Buffer.alloc(40);
    b.write('RIFF', 0, 'ascii');
    b.writeUInt32LE(32, 4);
    b.write('WEBPVP8L', 8, 'ascii');
    b.writeUInt32LE(20, 16);
    b[20] = 0x2f;
    b.writeUInt32LE(bits >>> 0, 21);
    expect(inspectImage(new Uint8Array(b))).toEqual({ type: 'image/webp', width: 300, height: 200 });
  });

  it('swaps width and height of a JPEG the camera marked as turned', () => {
    expect(inspectImage(rotatedJpeg())).toEqual({ type: 'image/jpeg', width: 48, height: 64 });
  });

  it('ignores names and claims: GIF, SVG, PDF and HTML are refused, so are empty and broken files', () => {
    const gif = new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary'));
    const svg = new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'));
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n%âãÏÓ\n'));
    for (const b of [gif, svg, pdf, new Uint8Array(Buffer.from('<html>'))]) {
      expect(sniffImageType(b)).toBeNull();
      expect(inspectImage(b)).toEqual({ problem: 'notAnImage' });
    }
    expect(inspectImage(new Uint8Array())).toEqual({ problem: 'empty' });
    // The right magic bytes, but cut off before the size: not a picture we can show.
    expect(inspectImage(fixture('room.jpg').subarray(0, 20))).toEqual({ problem: 'unreadable' });
    expect(inspectImage(fixture('room.png').subarray(0, 12))).toEqual({ problem: 'unreadable' });
  });

  it('refuses more than 5 MB and absurd pixel sizes', () => {
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(fixture('room.png'));
    expect(inspectImage(big)).toEqual({ problem: 'tooLarge' });
    expect(inspectImage(makePng(20_000, 1))).toEqual({ problem: 'tooManyPixels' });
  });
});
