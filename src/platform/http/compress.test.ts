import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cachedBody, sendCached } from './caching.ts';
import { chooseEncoding, compression } from './compress.ts';
import type { AppEnv } from './context.ts';

const html = `<!doctype html><html><body>${'<p>Veranstaltungen im Soldiner Kiez</p>'.repeat(200)}</body></html>`;
const json = JSON.stringify({
  items: Array.from({ length: 100 }, (_, i) => ({ id: i, title: `Termin ${i}` })),
});
const png = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
const cached = cachedBody(html);

function app() {
  const a = new Hono<AppEnv>();
  a.use('*', compression());
  a.get('/page', (c) => {
    c.header('ETag', '"page-1"');
    return c.html(html);
  });
  a.get('/data.json', (c) => c.json(JSON.parse(json)));
  a.get('/shape.geojson', (c) => c.body(json, 200, { 'Content-Type': 'application/geo+json' }));
  a.get('/image.png', (c) => c.body(png, 200, { 'Content-Type': 'image/png' }));
  a.get('/small', (c) => c.text('kurz'));
  a.get('/missing', (c) => c.html(html, 404));
  a.get('/raw', (c) => c.body(html, 200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-transform' }));
  a.get('/cached', (c) => sendCached(c, cached, 'text/html; charset=UTF-8', { page: true }));
  return a;
}

const decode = async (res: Response) => {
  const bytes = Buffer.from(await res.arrayBuffer());
  const enc = res.headers.get('content-encoding');
  return (enc === 'br' ? brotliDecompressSync(bytes) : enc === 'gzip' ? gunzipSync(bytes) : bytes).toString();
};

describe('compression', () => {
  it('chooses brotli, then gzip, by Accept-Encoding and its q-values', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBeNull();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });

  it('answers HTML, JSON and GeoJSON compressed as asked, decoding to the same body', async () => {
    const a = app();
    for (const [path, body] of [
      ['/page', html],
      ['/data.json', json],
      ['/shape.geojson', json],
    ] as const) {
      const plain = await a.request(path);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toContain('Accept-Encoding');
      expect(await plain.text()).toBe(body);
      for (const [accept, encoding] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
        ['br;q=0.1, gzip;q=0.9', 'gzip'],
      ] as const) {
        const res = await a.request(path, { headers: { 'accept-encoding': accept } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(res.headers.get('vary')).toContain('Accept-Encoding');
        const length = Number(res.headers.get('content-length'));
        expect(length).toBeLessThan(Buffer.byteLength(body) / 3);
        expect(await decode(res)).toBe(body);
      }
    }
  });

  it('keeps the ETag usable: weak when compressed, and a 304 for it', async () => {
    const a = app();
    const res = await a.request('/page', { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('etag')).toBe('W/"page-1"');
    expect((await a.request('/page')).headers.get('etag')).toBe('"page-1"');
    const cachedRes = await a.request('/cached', { headers: { 'accept-encoding': 'br' } });
    expect(cachedRes.headers.get('content-encoding')).toBe('br');
    const tag = cachedRes.headers.get('etag')!;
    expect(tag).toBe(`W/${cached.etag}`);
    expect(await decode(cachedRes)).toBe(html);
    const again = await a.request('/cached', { headers: { 'accept-encoding': 'br', 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    const gz = await a.request('/cached', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await decode(gz)).toBe(html);
  });

  it('leaves images, small bodies, errors and no-transform answers as they are', async () => {
    const a = app();
    const headers = { 'accept-encoding': 'br, gzip' };
    const image = await a.request('/image.png', { headers });
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    for (const path of ['/small', '/missing', '/raw']) {
      const res = await a.request(path, { headers });
      expect(res.headers.get('content-encoding')).toBeNull();
    }
    expect(await (await a.request('/raw', { headers })).text()).toBe(html);
  });
});
