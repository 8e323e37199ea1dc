// Compression in the real app: the stylesheet, a public page and GeoJSON come compressed as the
// client asks and decode to the uncompressed answer; fonts are sent as they are.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';

let ctx: TestContext;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  slug = (await makeTenant(ctx.services)).slug;
});
afterAll(() => ctx?.close());

const decode = async (res: Response) => {
  const bytes = Buffer.from(await res.arrayBuffer());
  const enc = res.headers.get('content-encoding');
  return enc === 'br' ? brotliDecompressSync(bytes) : enc === 'gzip' ? gunzipSync(bytes) : bytes;
};

describe('compression in the app', () => {
  it('sends the stylesheet in brotli or gzip, decoding to the file', async () => {
    const file = readFileSync(new URL('../../../public/build/app.css', import.meta.url));
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await ctx.app.request('/static/app.css', { headers: { 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toContain('Accept-Encoding');
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(Number(res.headers.get('content-length'))).toBeLessThan(file.length / 5);
      expect((await decode(res)).equals(file)).toBe(true);
    }
    const plain = await ctx.app.request('/static/app.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);
  });

  it('leaves fonts (already compressed) as they are', async () => {
    const css = readFileSync(new URL('../../../public/build/app.css', import.meta.url), 'utf8');
    const font = /url\("?(fonts\/[^")]+\.woff2)"?\)/.exec(css)?.[1];
    expect(font).toBeTruthy();
    const res = await ctx.app.request(`/static/${font}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('compresses a public page and GeoJSON by Accept-Encoding', async () => {
    for (const path of [`/${slug}/events`, `/${slug}/areas.geojson`]) {
      const plain = await ctx.app.request(path, { headers: { 'accept-language': 'de' } });
      expect(plain.status).toBe(200);
      const body = await plain.text();
      const br = await ctx.app.request(path, {
        headers: { 'accept-language': 'de', 'accept-encoding': 'gzip, br' },
      });
      const gz = await ctx.app.request(path, {
        headers: { 'accept-language': 'de', 'accept-encoding': 'gzip' },
      });
      if (Buffer.byteLength(body) > 1024) {
        expect(br.headers.get('content-encoding')).toBe('br');
        expect(gz.headers.get('content-encoding')).toBe('gzip');
      }
      // The page carries a per-request nonce or token nowhere: the bodies are the same.
      expect((await decode(br)).toString()).toBe(body);
      expect((await decode(gz)).toString()).toBe(body);
    }
  });
});
