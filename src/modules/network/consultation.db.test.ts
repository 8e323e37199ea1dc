import type ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { parseStrict } from '../../test/strict-ical.ts';
import { getAreaByKey } from '../areas/index.ts';
import { networkFixture } from './test/fixtures.ts';
import { loadSeries, todayIn, upcoming } from './use-cases/consultation.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

/** The feed's events; every feed read here must also pass the strict checks (src/test/strict-ical.ts). */
const events = (ics: string) => {
  const { problems, cal } = parseStrict(ics);
  expect(problems).toEqual([]);
  return cal.getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    summary: String(v.getFirstPropertyValue('summary')),
    status: String(v.getFirstPropertyValue('status')),
    sequence: Number(v.getFirstPropertyValue('sequence') ?? 0),
    start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
    location: String(v.getFirstPropertyValue('location') ?? ''),
  }));
};

describe('consultation hours: staff screens, public page and iCalendar feed', () => {
  it('feeds are strict iCalendar (CRLF to the end, lines of at most 75 octets, METHOD), also for an area without dates', async () => {
    const pub = new Agent(ctx.app);
    // Spandau: no consultation hours in this tenant.
    const empty = (await getAreaByKey(ctx.services.db, fx.tenant.id, 'district', '05'))!;
    const res = await pub.get(`/${fx.tenant.slug}/consultation-hours/calendar.ics?area=${empty.slug}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const { problems, cal } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//Quartier//Consultation hours//DE');
    // Not an empty VCALENDAR: the time zone is there, no dates.
    expect(cal.getAllSubcomponents('vtimezone')).toHaveLength(1);
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('creates a rotating series, cancels one date, and the public page and the feed show it at once', async () => {
    const a = await fx.agent(fx.teamA.id);
    const base = fx.base;
    const v1 = await a.post(
      `${base}/venues`,
      {
        name: 'Café Kiezecke',
        street: 'Musterstraße',
        houseNumber: '1',
        postcode: '13359',
        city: 'Berlin',
        areaId: fx.qmA,
        stepFree: 'yes',
      },
      { csrfFrom: `${base}/venues/new` },
    );
    expect(v1.status).toBe(303);
    await a.post(
      `${base}/venues`,
      { name: 'Stadtteilzentrum Nord', areaId: fx.qmA },
      { csrfFrom: `${base}/venues/new` },
    );
    const venuesHtml = await (await a.get(`${base}/venues`)).text();
    const venueId = (name: string) =>
      new RegExp(`id="v-([0-9a-f-]{36})" href="[^"]+">${name}<`).exec(venuesHtml)![1];
    const cafe = venueId('Café Kiezecke');
    const centre = venueId('Stadtteilzentrum Nord');

    const s = await a.post(
      `${base}/consultation-hours`,
      { title: 'Sprechstunde Quartier A', areaId: fx.qmA, published: 'on', languages: ['de', 'tr'] },
      { csrfFrom: `${base}/consultation-hours/new` },
    );
    expect(s.status).toBe(303);
    const seriesUrl = s.headers.get('location')!.split('?')[0];
    const seriesId = seriesUrl.split('/').pop()!;
    const today = todayIn('Europe/Berlin');
    const start = addDays(today, -14);
    expect(
      (
        await a.post(
          `${seriesUrl}/slots`,
          {
            venueId: cafe,
            pattern: 'weekly',
            weekday: 'TU',
            startTime: '10:00',
            endTime: '12:00',
            startsOn: start,
          },
          { csrfFrom: seriesUrl },
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await a.post(
          `${seriesUrl}/slots`,
          {
            venueId: centre,
            pattern: 'weekly',
            weekday: 'TH',
            startTime: '15:00',
            endTime: '17:00',
            startsOn: start,
          },
          { csrfFrom: seriesUrl },
        )
      ).status,
    ).toBe(303);
    // A bad slot: end before start, kept and explained.
    const bad = await a.post(
      `${seriesUrl}/slots`,
      {
        venueId: cafe,
        pattern: 'weekly',
        weekday: 'FR',
        startTime: '12:00',
        endTime: '11:00',
        startsOn: start,
      },
      { csrfFrom: seriesUrl },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Das Ende muss nach dem Beginn liegen.');

    const [bundle] = await loadSeries(ctx.services.db, fx.tenant.id, { ids: [seriesId] });
    const next = upcoming([bundle], new Date(), 21).filter((o) => o.venueId === cafe);
    const target = next[1];
    expect(target.startTime).toBe('10:00');

    const pub = new Agent(ctx.app);
    const before = events(
      await (await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}/calendar.ics`)).text(),
    );
    const uidOf = (e: { uid: string }) => e.uid.startsWith(`${target.slotId}-${target.date}`);
    expect(before.filter(uidOf)).toHaveLength(1);
    expect(before.find(uidOf)!.status).toBe('CONFIRMED');
    expect(before.find(uidOf)!.location).toContain('Café Kiezecke');

    const cancel = await a.post(
      `${seriesUrl}/occurrences`,
      { action: 'cancel', slotId: target.slotId!, date: target.date, note: 'Krankheit' },
      { csrfFrom: seriesUrl },
    );
    expect(cancel.status).toBe(303);

    const feed = await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}/calendar.ics`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(feed.headers.get('cache-control')).toContain('max-age=0');
    // A calendar that already has this version gets 304, also when it sends a list or a weak tag.
    const etag = feed.headers.get('etag')!;
    const feedPath = `/${fx.tenant.slug}/consultation-hours/${seriesId}/calendar.ics`;
    expect((await pub.get(feedPath, { 'if-none-match': etag })).status).toBe(304);
    expect((await pub.get(feedPath, { 'if-none-match': `"old", W/${etag}` })).status).toBe(304);
    const after = events(await feed.text());
    const cancelled = after.find(uidOf)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.sequence).toBeGreaterThan(before.find(uidOf)!.sequence);
    expect(cancelled.start.getTime()).toBe(target.start.getTime());
    // The area feed has it too.
    const areaFeed = events(
      await (await pub.get(`/${fx.tenant.slug}/consultation-hours/calendar.ics`)).text(),
    );
    expect(areaFeed.find(uidOf)!.status).toBe('CANCELLED');

    const page = await (await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}`)).text();
    expect(page).toContain('fällt aus');
    expect(page).toContain('Krankheit');
    expect(page).toContain('jeden Dienstag');
    expect(page).toContain('stufenlos');
    const en = await (await pub.get(`/${fx.tenant.slug}/consultation-hours?lang=en`)).text();
    expect(en).toContain('cancelled');
    expect(en).toContain('Sprechstunde Quartier A');

    // Taking the cancellation back restores the date in the feed.
    await a.post(
      `${seriesUrl}/occurrences`,
      { action: 'restore', slotId: target.slotId!, date: target.date },
      { csrfFrom: seriesUrl },
    );
    expect(
      events(
        await (await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}/calendar.ics`)).text(),
      ).find(uidOf)!.status,
    ).toBe('CONFIRMED');

    // A one-off extra date at another venue.
    const extraDay = addDays(today, 3);
    expect(
      (
        await a.post(
          `${seriesUrl}/extras`,
          { venueId: centre, date: extraDay, startTime: '18:00', endTime: '19:30', note: 'Kiezfest' },
          { csrfFrom: seriesUrl },
        )
      ).status,
    ).toBe(303);
    const withExtra = events(
      await (await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}/calendar.ics`)).text(),
    );
    expect(
      withExtra.some((e) => e.uid.startsWith('extra-') && e.location.includes('Stadtteilzentrum Nord')),
    ).toBe(true);

    // Poster: a PDF with the QR code.
    const pdf = await pub.get(`/${fx.tenant.slug}/consultation-hours/${seriesId}/poster.pdf?with=tr`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(1);

    // Team B cannot manage this series.
    const b = await fx.agent(fx.teamB.id);
    expect([403, 404]).toContain((await b.get(seriesUrl)).status);
    expect([403, 404]).toContain(
      (
        await b.post(
          `${seriesUrl}/occurrences`,
          { action: 'cancel', slotId: target.slotId!, date: target.date },
          { csrfFrom: `${base}/consultation-hours` },
        )
      ).status,
    );
  });

  it('rejects cancelling a day on which the slot does not take place', async () => {
    const a = await fx.agent(fx.teamA.id);
    const [bundle] = await loadSeries(ctx.services.db, fx.tenant.id, {});
    const url = `${fx.base}/consultation-hours/${bundle.series.id}`;
    const tuesdaySlot = bundle.slots[0];
    // A Wednesday is never a Tuesday.
    let day = todayIn('Europe/Berlin');
    while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3) day = addDays(day, 1);
    const res = await a.post(
      `${url}/occurrences`,
      { action: 'cancel', slotId: tuesdaySlot.id, date: day },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('An diesem Tag findet die Sprechstunde nicht statt.');
  });
});
