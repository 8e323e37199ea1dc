import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { readStoredFile } from '../../platform/files/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { houses, roomPhotos } from './db/schema.ts';
import { MAX_PHOTO_BYTES } from './domain/images.ts';
import { fixture, makeHouse, makePng, postUpload } from './test-helpers.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let admin: Agent;
let setup: Awaited<ReturnType<typeof makeHouse>>;
let editUrl: string;
let uploadUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'fotostadt', 'Fotostadt');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
  setup = await makeHouse(ctx.services, tenant.id, { slug: 'fotohaus' });
  editUrl = `/staff/fotostadt/houses/${setup.house.id}/rooms/${setup.hall.id}/edit`;
  uploadUrl = `/staff/fotostadt/houses/${setup.house.id}/rooms/${setup.hall.id}/photos`;
});
afterAll(() => ctx.close());

const photosOfHall = () =>
  ctx.services.db
    .select()
    .from(roomPhotos)
    .where(and(eq(roomPhotos.tenantId, tenant.id), eq(roomPhotos.roomId, setup.hall.id)))
    .orderBy(roomPhotos.sort);

describe('room photos are real uploads', () => {
  it('stores JPEG, PNG and WebP with their pixel size and shows them on the public page, lazy and described', async () => {
    const uploads = [
      { name: 'saal.jpg', type: 'image/jpeg', bytes: fixture('room.jpg'), alt: 'Saal mit Stuhlkreis' },
      // The browser's claim and the name do not matter: the bytes say PNG.
      { name: 'saal.bin', type: 'application/octet-stream', bytes: fixture('room.png'), alt: 'Bühne' },
      { name: 'saal.webp', type: 'image/webp', bytes: fixture('room.webp'), alt: 'Küche' },
    ];
    for (const u of uploads) {
      const res = await postUpload(admin, uploadUrl, {
        csrfFrom: editUrl,
        fields: { alt: u.alt },
        file: u,
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('#photos');
    }
    const rows = await photosOfHall();
    expect(rows.map((r) => [r.contentType, r.width, r.height, r.alt, r.sort])).toEqual([
      ['image/jpeg', 64, 48, 'Saal mit Stuhlkreis', 0],
      ['image/png', 64, 48, 'Bühne', 1],
      ['image/webp', 64, 48, 'Küche', 2],
    ]);
    // The bytes are in the file storage, keyed by tenant and file id.
    const stored = await readStoredFile(ctx.services.config.storageDir, tenant.id, rows[1].fileId!);
    expect(new Uint8Array(stored!)).toEqual(fixture('room.png'));

    const page = await new Agent(ctx.app).get('/fotostadt/houses/fotohaus');
    const html = await page.text();
    const img = new RegExp(
      `<img src="/fotostadt/houses/photos/${rows[0].id}" alt="Saal mit Stuhlkreis" width="64" height="48" loading="lazy" decoding="async"/>`,
    );
    expect(html).toMatch(img);
    // The others behind "more photos", also lazy.
    expect(html).toContain('2 weitere Fotos von Saal');
    expect(html).toContain(`src="/fotostadt/houses/photos/${rows[2].id}" alt="Küche"`);
  });

  it('serves a photo with its type, a long cache, nosniff and a validator', async () => {
    const [first] = await photosOfHall();
    const visitor = new Agent(ctx.app);
    const res = await visitor.get(`/fotostadt/houses/photos/${first.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fixture('room.jpg'));
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await visitor.get(`/fotostadt/houses/photos/${first.id}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect((await visitor.get('/fotostadt/houses/photos/not-an-id')).status).toBe(404);
    expect((await visitor.get(`/fotostadt/houses/photos/${setup.house.id}`)).status).toBe(404);
  });

  it('refuses other files with a clear message, in German and English, and keeps the typed text', async () => {
    const gif = new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00;', 'binary'));
    const cases: [string, Parameters<typeof postUpload>[2]['file'], string, string][] = [
      [
        'a GIF named .jpg',
        { name: 'x.jpg', type: 'image/jpeg', bytes: gif },
        'kein JPEG-, PNG- oder WebP-Bild',
        'not a JPEG, PNG or WebP picture',
      ],
      [
        'an SVG',
        {
          name: 'x.svg',
          type: 'image/svg+xml',
          bytes: new Uint8Array(Buffer.from('<svg onload="alert(1)"/>')),
        },
        'kein JPEG-, PNG- oder WebP-Bild',
        'not a JPEG, PNG or WebP picture',
      ],
      [
        'more than 5 MB',
        {
          name: 'big.png',
          type: 'image/png',
          bytes: (() => {
            const b = new Uint8Array(MAX_PHOTO_BYTES + 10);
            b.set(makePng(10, 10));
            return b;
          })(),
        },
        'größer als 5 MB',
        'larger than 5 MB',
      ],
      [
        'a cut-off JPEG',
        { name: 'half.jpg', type: 'image/jpeg', bytes: fixture('room.jpg').subarray(0, 30) },
        'lässt sich aber nicht lesen',
        'cannot be read',
      ],
      ['no file', null, 'Bitte wählen Sie eine Bilddatei aus', 'Please choose a picture file'],
    ];
    for (const [what, file, de, en] of cases) {
      const res = await postUpload(admin, `${uploadUrl}?lang=de`, {
        csrfFrom: `${editUrl}?lang=de`,
        fields: { alt: `Text zu ${what}` },
        file,
      });
      expect(res.status, what).toBe(422);
      const html = await res.text();
      expect(html, what).toContain(de);
      expect(html, what).toContain(`value="Text zu ${what}"`);
      const english = await postUpload(admin, `${uploadUrl}?lang=en`, {
        csrfFrom: `${editUrl}?lang=en`,
        fields: { alt: 'x' },
        file,
      });
      expect(await english.text(), what).toContain(en);
    }
    const noAlt = await postUpload(admin, `${uploadUrl}?lang=de`, {
      csrfFrom: `${editUrl}?lang=de`,
      fields: { alt: '   ' },
      file: { name: 'ok.png', type: 'image/png', bytes: makePng(20, 10) },
    });
    expect(noAlt.status).toBe(422);
    expect(await noAlt.text()).toContain('Bitte beschreiben Sie, was auf dem Bild zu sehen ist.');
    expect(await photosOfHall()).toHaveLength(3);
  });

  it('changes the description and deletes a photo with its file', async () => {
    const rows = await photosOfHall();
    const altRes = await admin.post(
      `${uploadUrl}/${rows[2].id}/alt`,
      { alt: 'Offene Küche mit Tresen' },
      { csrfFrom: editUrl },
    );
    expect(altRes.status).toBe(303);
    const empty = await admin.post(`${uploadUrl}/${rows[2].id}/alt`, { alt: '' }, { csrfFrom: editUrl });
    expect(empty.status).toBe(422);
    expect((await photosOfHall())[2].alt).toBe('Offene Küche mit Tresen');

    const del = await admin.post(`${uploadUrl}/${rows[1].id}/delete`, {}, { csrfFrom: editUrl });
    expect(del.status).toBe(303);
    expect((await photosOfHall()).map((r) => r.id)).toEqual([rows[0].id, rows[2].id]);
    expect(await readStoredFile(ctx.services.config.storageDir, tenant.id, rows[1].fileId!)).toBeNull();
    expect((await new Agent(ctx.app).get(`/fotostadt/houses/photos/${rows[1].id}`)).status).toBe(404);
  });

  it('photos of a house that is not public are not served publicly, but staff still see them', async () => {
    const [first] = await photosOfHall();
    await ctx.services.db
      .update(houses)
      .set({ published: false })
      .where(and(eq(houses.tenantId, tenant.id), eq(houses.id, setup.house.id)));
    try {
      expect((await new Agent(ctx.app).get(`/fotostadt/houses/photos/${first.id}`)).status).toBe(404);
      const staffRes = await admin.get(`${uploadUrl}/${first.id}`);
      expect(staffRes.status).toBe(200);
      expect(staffRes.headers.get('content-type')).toBe('image/jpeg');
      expect(staffRes.headers.get('cache-control')).toMatch(/^private/);
      const edit = await (await admin.get(editUrl)).text();
      expect(edit).toContain(`src="${uploadUrl}/${first.id}"`);
    } finally {
      await ctx.services.db
        .update(houses)
        .set({ published: true })
        .where(and(eq(houses.tenantId, tenant.id), eq(houses.id, setup.house.id)));
    }
  });

  it('keeps photos given as addresses before uploads existed: own paths as images, other sites as links', async () => {
    await ctx.services.db.insert(roomPhotos).values([
      {
        tenantId: tenant.id,
        id: newId(),
        roomId: setup.seminar.id,
        sourceUrl: '/static/favicon.svg',
        alt: 'Logo',
        sort: 0,
      },
      {
        tenantId: tenant.id,
        id: newId(),
        roomId: setup.seminar.id,
        sourceUrl: 'https://example.org/seminar.jpg',
        alt: 'Seminarraum mit Tafel',
        sort: 1,
      },
    ]);
    const html = await (await new Agent(ctx.app).get('/fotostadt/houses/fotohaus')).text();
    expect(html).toContain('<img src="/static/favicon.svg" alt="Logo" loading="lazy" decoding="async"/>');
    // The page's Content-Security-Policy allows images from this site only: a link instead.
    expect(html).toContain(
      '<a href="https://example.org/seminar.jpg" rel="noopener noreferrer">Foto: Seminarraum mit Tafel',
    );
    expect(html).not.toContain('<img src="https://example.org');
    const edit = await (
      await admin.get(`/staff/fotostadt/houses/${setup.house.id}/rooms/${setup.seminar.id}/edit`)
    ).text();
    expect(edit).toContain('Bitte laden Sie es hier hoch');
  });

  it('lists the photos in the API and lets only managers upload', async () => {
    const api = await admin.get('/api/v1/tenants/fotostadt/houses');
    const body = (await api.json()) as { items: { rooms: { id: string; photos: unknown[] }[] }[] };
    const hall = body.items[0].rooms.find((r) => r.id === setup.hall.id)!;
    expect(hall.photos).toHaveLength(2);
    expect(hall.photos[0]).toMatchObject({ alt: 'Saal mit Stuhlkreis', width: 64, height: 48 });

    const juror = await makeUser(ctx.services, { tenantId: tenant.id, role: 'jury' });
    const jury = await new Agent(ctx.app).loginAs(ctx.services, juror.id);
    const res = await postUpload(jury, uploadUrl, {
      csrfFrom: `/staff/fotostadt/houses/${setup.house.id}`,
      fields: { alt: 'x' },
      file: { name: 'x.png', type: 'image/png', bytes: makePng(4, 4) },
    });
    expect(res.status).toBe(403);
    expect(await photosOfHall()).toHaveLength(2);
  });
});
