/**
 * Image uploads with an absurd pixel size (a few hundred bytes declaring 30000×30000 pixels, 3.6 GB
 * once decoded) are refused on every upload form — the public event submission, the website's news
 * posts and the room photos — with a message at the image field in the user's language, and
 * nothing is stored or published.
 */
import { deflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFixture } from '../src/modules/events/test/fixtures.ts';
import { roomPhotos } from '../src/modules/houses/db/schema.ts';
import { makeHouse } from '../src/modules/houses/test-helpers.ts';
import { addDays, todayLocal } from '../src/platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

/** A PNG whose header declares `w`×`h` pixels; its data is one small deflated block. */
function pngDeclaring(w: number, h: number): Uint8Array<ArrayBuffer> {
  const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const chunk = (type: string, data: number[]) => [
    ...be32(data.length),
    ...Buffer.from(type, 'latin1'),
    ...data,
    0,
    0,
    0,
    0,
  ];
  return new Uint8Array([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...chunk('IHDR', [...be32(w), ...be32(h), 8, 6, 0, 0, 0]),
    ...chunk('IDAT', [...deflateSync(Buffer.alloc(1024))]),
    ...chunk('IEND', []),
  ]);
}

const BOMB = { name: 'riesig.png', type: 'image/png', bytes: pngDeclaring(30_000, 30_000) };
const MESSAGES = {
  de: 'Das Bild hat zu viele Pixel: höchstens 10.000 Pixel Breite oder Höhe und 40 Megapixel insgesamt.',
  en: 'The picture has too many pixels: at most 10,000 pixels wide or high and 40 megapixels in all.',
  tr: 'Görselde çok fazla piksel var',
  ar: 'تحتوي الصورة على عدد كبير جدًا من البكسلات',
  'de-x-ls': 'Es hat zu viele Bild-Punkte.',
} as const;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ config: { trustProxy: true } });
});
afterAll(() => ctx.close());

/** Field ids whose error message (KERN `.kern-error`, id `<field>-error`) contains the text. */
function fieldsWithError(html: string, text: string): string[] {
  return [...html.matchAll(/<p class="kern-error" id="([^"]+)-error">([\s\S]*?)<\/p>/g)]
    .filter((m) => m[2].includes(text))
    .map((m) => m[1]);
}

/** Posts a multipart form with the crafted image in `fileField`, like a browser. */
async function upload(
  a: Agent,
  path: string,
  o: { csrfFrom: string; fields: Record<string, string>; fileField: string; ip?: string },
) {
  await a.get(o.csrfFrom);
  const body = new FormData();
  body.append('_csrf', a.csrfToken() ?? '');
  for (const [k, v] of Object.entries(o.fields)) body.append(k, v);
  body.append(o.fileField, new File([BOMB.bytes], BOMB.name, { type: BOMB.type }));
  return a.request(path, { method: 'POST', body, headers: o.ip ? { 'x-forwarded-for': o.ip } : {} });
}

describe('images that declare too many pixels', () => {
  it('the public event submission refuses it at the image field, in the visitor language', async () => {
    const fx = await eventsFixture(ctx);
    const day = addDays(todayLocal(), 10);
    let ip = 1;
    for (const lang of Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]) {
      const res = await upload(new Agent(ctx.app), `/${fx.tenant.slug}/events/submit`, {
        csrfFrom: `/${fx.tenant.slug}/events/submit?lang=${lang}`,
        fields: {
          title: 'Hoffest',
          description: 'Wir feiern im Hof.',
          date: day,
          startTime: '15:00',
          endTime: '18:00',
          repeat: 'none',
          areaId: fx.qmA,
          locationName: 'Hof',
          organiserName: 'Hausgemeinschaft',
          cost: 'free',
          submitterName: 'Sam',
          submitterEmail: 'sam@example.org',
          criteria: 'on',
          imageAlt: 'Ein Bild',
        },
        fileField: 'image',
        ip: `10.9.0.${ip++}`,
      });
      expect(res.status, lang).toBe(422);
      const html = await res.text();
      expect(fieldsWithError(html, MESSAGES[lang]), lang).toEqual([expect.stringMatching(/image$/)]);
      // The picture is not kept for the next attempt.
      expect(html, lang).not.toMatch(/name="pendingImage" value="[0-9a-f-]{36}\.png"/);
    }
  });

  it('a news post on the website refuses it at the image field', async () => {
    const tenant = await makeTenant(ctx.services, 'pixel-web');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const url = `/staff/${tenant.slug}/website/posts/new`;
    for (const lang of ['de', 'en'] as const) {
      const res = await upload(a, `${url}?lang=${lang}`, {
        csrfFrom: `${url}?lang=${lang}`,
        fields: { lang: 'de', title: 'Straßenfest', body: 'Alle sind eingeladen', imageAlt: 'Fest' },
        fileField: 'image',
      });
      expect(res.status, lang).toBe(422);
      expect(fieldsWithError(await res.text(), MESSAGES[lang]), lang).toEqual([
        expect.stringMatching(/image$/),
      ]);
    }
  });

  it('a room photo is refused at the photo field and not stored', async () => {
    const tenant = await makeTenant(ctx.services, 'pixel-haus');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const { house, hall } = await makeHouse(ctx.services, tenant.id);
    const room = `/staff/${tenant.slug}/houses/${house.id}/rooms/${hall.id}`;
    for (const lang of ['de', 'en'] as const) {
      const res = await upload(a, `${room}/photos?lang=${lang}`, {
        csrfFrom: `${room}/edit?lang=${lang}`,
        fields: { alt: 'Saal' },
        fileField: 'photo',
      });
      expect(res.status, lang).toBe(422);
      expect(fieldsWithError(await res.text(), MESSAGES[lang]), lang).toEqual([
        expect.stringMatching(/photo$/),
      ]);
    }
    const stored = await ctx.services.db
      .select()
      .from(roomPhotos)
      .where(and(eq(roomPhotos.tenantId, tenant.id), eq(roomPhotos.roomId, hall.id)));
    expect(stored).toEqual([]);
  });
});
