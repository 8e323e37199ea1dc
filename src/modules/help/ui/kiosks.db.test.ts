/**
 * Kiosk screens configured per house (HELP-3), over HTTP without JavaScript: staff set one up for a
 * house of their area (a refused form names the field and keeps every value), the screen shows the
 * house, only the languages chosen, help near the house (nearest first, far ones left out) and the
 * house's next events under its venue, taking turns by the stylesheet's rotation class; an unknown
 * kiosk, another tenant's or one in an archived house is not found; a team cannot configure a kiosk
 * in another area's house.
 */
import { sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/index.ts';
import { addDays, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { createStaffEvent } from '../../events/index.ts';
import { createVenue } from '../../network/index.ts';
import { createService } from '../index.ts';
import { helpFixture, POINT_A, POINT_B } from '../testing/fixture.ts';
import { saveKiosk } from '../use-cases/kiosks.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let houseA: string;
let houseB: string;
let venue: string;

const house = async (tenantId: string, name: string, areaId: string, p: { lat: number; lon: number }) => {
  const id = newId();
  await ctx.services.db.execute(
    sql`insert into houses (tenant_id, id, slug, name, area_id, lat, lon, published)
        values (${tenantId}, ${id}, ${`haus-${id.slice(-8)}`}, ${name}, ${areaId}, ${p.lat}, ${p.lon}, true)`,
  );
  return id;
};
const place = (name: string, areaId: string, p: { lat: number; lon: number }) => ({
  name,
  areaId,
  lat: p.lat,
  lon: p.lon,
  hours: { mode: 'always' as const, intervals: [], exceptions: [], note: '' },
});
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  const db = ctx.services.db;
  houseA = await house(fx.tenant.id, 'Nachbarschaftshaus Prinzenallee', fx.qmA, POINT_A);
  houseB = await house(fx.tenant.id, 'Haus am Park', fx.qmB, POINT_B);
  venue = (await createVenue(fx.sys, db, { name: 'Saal im Nachbarschaftshaus', areaId: fx.qmA })).id;
  await createService(fx.sys, db, {
    name: 'Mieterberatung nebenan',
    locations: [place('Laden', fx.qmA, { lat: POINT_A.lat + 0.001, lon: POINT_A.lon })],
  });
  await createService(fx.sys, db, {
    name: 'Familienzentrum im Kiez',
    locations: [place('Zentrum', fx.qmA, { lat: POINT_A.lat + 0.01, lon: POINT_A.lon })],
  });
  await createService(fx.sys, db, {
    name: 'Beratung in Neukölln',
    locations: [place('Büro', fx.qmB, POINT_B)],
  });
  const day = addDays(todayLocal(), 2);
  const event = (title: string, venueId: string | null) =>
    createStaffEvent(
      fx.sys,
      db,
      {
        kind: 'event',
        title,
        descriptionHtml: '<p>Für alle.</p>',
        startsAt: localToInstant(day, '16:00'),
        endsAt: localToInstant(day, '18:00'),
        allDay: false,
        rrule: null,
        repeatUntil: null,
        exdates: [],
        areaId: fx.qmA,
        venueId,
        locationName: venueId ? '' : 'Spielplatz',
        locationAddress: '',
        onlineUrl: null,
        organiserActorId: null,
        organiserName: 'Quartiersmanagement',
        contactEmail: '',
        categoryIds: [],
        targetGroups: [],
        languages: ['de'],
        stepFree: null,
        accessibleToilet: null,
        hearingLoop: null,
        signLanguage: false,
        accessibilityNotes: '',
        cost: 'free',
        costNote: '',
        imageAlt: '',
        registrationRequired: false,
        capacity: null,
        waitlistEnabled: true,
      },
      { publish: true },
    );
  await event('Erzählcafé im Saal', venue);
  await event('Kiezputz draußen', null);
});
afterAll(() => ctx?.close());

describe('configuring a kiosk', () => {
  it('refuses a form without house and languages, naming each field and keeping what was typed', async () => {
    const a = await agentOf(fx.users.teamA.id);
    const url = `/staff/${fx.tenant.slug}/help/kiosks`;
    const res = await a.post(
      url,
      { name: 'Foyer-Bildschirm', houseId: '', venueId: venue, rotateSeconds: '30' },
      { csrfFrom: `${url}/new` },
    );
    expect(res.status).toBe(422);
    const doc = parse(await res.text());
    const summary = doc.querySelector('.q-error-summary')?.text ?? '';
    expect(summary).toContain('Haus: Bitte füllen Sie dieses Feld aus.');
    expect(summary).toContain('Sprachen auf dem Bildschirm: Wählen Sie mindestens eine Sprache.');
    expect(doc.querySelector('input[name="name"]')?.getAttribute('value')).toBe('Foyer-Bildschirm');
    expect(
      doc.querySelector(`select[name="venueId"] option[value="${venue}"]`)?.hasAttribute('selected'),
    ).toBe(true);
    expect(
      doc.querySelector('select[name="rotateSeconds"] option[value="30"]')?.hasAttribute('selected'),
    ).toBe(true);
  });

  it('saves a kiosk of a house in the team’s area; another area’s house is refused', async () => {
    const a = await agentOf(fx.users.teamA.id);
    const url = `/staff/${fx.tenant.slug}/help/kiosks`;
    const saved = await a.post(
      url,
      { name: 'Foyer', houseId: houseA, venueId: venue, languages: ['de', 'ar'], rotateSeconds: '15' },
      { csrfFrom: `${url}/new` },
    );
    expect(saved.status).toBe(303);
    const page = await (await a.get(saved.headers.get('location')!)).text();
    expect(page).toMatch(/\/help\/kiosk\/[0-9a-f-]{36}/);
    const list = await (await a.get(url)).text();
    expect(list).toContain('Nachbarschaftshaus Prinzenallee');

    await expect(
      saveKiosk(fx.actors.teamA, ctx.services.db, null, {
        name: 'Fremd',
        houseId: houseB,
        languages: ['de'],
        rotateSeconds: 20,
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      saveKiosk(fx.actors.jury, ctx.services.db, null, {
        name: 'Jury',
        houseId: houseA,
        languages: ['de'],
        rotateSeconds: 20,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe('the kiosk screen of a house', () => {
  it('shows the house, its languages, help nearby and the events under its venue, taking turns', async () => {
    const k = await saveKiosk(fx.sys, ctx.services.db, null, {
      name: 'Eingang',
      houseId: houseA,
      venueId: venue,
      languages: ['de', 'tr'],
      rotateSeconds: 20,
    });
    const res = await new Agent(ctx.app).get(`/${fx.tenant.slug}/help/kiosk/${k.id}?lang=de`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const doc = parse(html);
    expect(doc.querySelector('.q-kiosk__site')?.text).toContain('Nachbarschaftshaus Prinzenallee');
    expect(doc.querySelectorAll('.q-kiosk__langs a').map((x) => x.getAttribute('lang'))).toEqual([
      'de',
      'tr',
    ]);
    expect(doc.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toBe(
      `120; url=/${fx.tenant.slug}/help/kiosk/${k.id}?lang=de`,
    );
    const near = doc.querySelector('#kiosk-near')?.parentNode?.text ?? '';
    expect(near.indexOf('Mieterberatung nebenan')).toBeGreaterThan(-1);
    expect(near.indexOf('Familienzentrum im Kiez')).toBeGreaterThan(near.indexOf('Mieterberatung nebenan'));
    expect(near).not.toContain('Beratung in Neukölln');
    const events = doc.querySelector('#kiosk-events')?.parentNode?.text ?? '';
    expect(events).toContain('Erzählcafé im Saal');
    expect(events).not.toContain('Kiezputz draußen');
    expect(doc.querySelector('.q-kiosk__panels')?.classList.contains('q-kiosk__panels--r20')).toBe(true);
    expect(html).not.toContain('<script');
    // Every link stays on this kiosk.
    for (const a of doc.querySelectorAll('a'))
      expect(a.getAttribute('href')).toMatch(new RegExp(`^/${fx.tenant.slug}/help/kiosk/${k.id}\\?`));

    // Without a venue the house's area's events are shown.
    const area = await saveKiosk(fx.sys, ctx.services.db, k.id, {
      name: 'Eingang',
      houseId: houseA,
      venueId: '',
      languages: ['de'],
      rotateSeconds: 20,
    });
    const second = parse(
      await (await new Agent(ctx.app).get(`/${fx.tenant.slug}/help/kiosk/${area.id}`)).text(),
    );
    expect(second.querySelector('#kiosk-events')?.parentNode?.text).toContain('Kiezputz draußen');
    // One language: no language switch.
    expect(second.querySelector('.q-kiosk__langs')).toBeNull();
  });

  it('is not found for an unknown id, another tenant’s kiosk or a kiosk whose house is archived', async () => {
    const k = await saveKiosk(fx.sys, ctx.services.db, null, {
      name: 'Haus am Park',
      houseId: houseB,
      languages: ['de'],
      rotateSeconds: 10,
    });
    const other = await makeTenant(ctx.services);
    const visit = (slug: string, id: string) => new Agent(ctx.app).get(`/${slug}/help/kiosk/${id}`);
    expect((await visit(fx.tenant.slug, k.id)).status).toBe(200);
    expect((await visit(other.slug, k.id)).status).toBe(404);
    expect((await visit(fx.tenant.slug, newId())).status).toBe(404);
    expect((await visit(fx.tenant.slug, 'kein-kiosk')).status).toBe(404);
    await ctx.services.db.execute(sql`update houses set archived_at = now() where id = ${houseB}`);
    expect((await visit(fx.tenant.slug, k.id)).status).toBe(404);
  });
});
