import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { strictProblems } from '../../test/strict-ical.ts';
import { xmlProblems } from '../../test/xml.ts';
import { createActor, createVenue } from '../network/index.ts';
import { repeatToRrule } from './domain/recurrence.ts';
import { eventInput, eventsFixture, publishEvent } from './test/fixtures.ts';
import { missingEventProperties, schemaProblems } from './test/schemaorg.ts';
import { createEvent, setCancelled, updateEvent } from './use-cases/events.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  const { services } = ctx;
  const today = todayLocal();
  ids.single = (
    await publishEvent(services, fx.tenant.id, {
      title: 'Lesung <im> Park & mehr, mit; Zeichen',
      areaId: fx.qmA,
      categoryIds: [fx.culture.id],
      descriptionHtml:
        '<p>Eine sehr lange Beschreibung mit Umlauten äöü ß und Zeichen, die gefaltet werden müssen, weil die Zeile länger als fünfundsiebzig Oktette ist. Noch mehr Text.</p>',
    })
  ).id;
  // A weekly series over ten months: it crosses at least one change of summer time.
  const first = addDays(today, 1);
  const start = localToInstant(first, '18:00');
  ids.series = (
    await publishEvent(services, fx.tenant.id, {
      title: 'Wöchentlicher Sporttreff',
      areaId: fx.qmA,
      categoryIds: [fx.sport.id],
      startsAt: start,
      endsAt: localToInstant(first, '19:30'),
      rrule: repeatToRrule('weekly', start),
      repeatUntil: addDays(first, 300),
      exdates: [addDays(first, 14)],
    })
  ).id;
  ids.cancelled = (
    await publishEvent(services, fx.tenant.id, { title: 'Abgesagtes Konzert', areaId: fx.qmB })
  ).id;
  await setCancelled(services.db, fx.tenant.id, ids.cancelled, true, 'Krankheit');
  ids.draft = (
    await createEvent(services.db, fx.tenant.id, eventInput({ title: 'Geheimer Entwurf', areaId: fx.qmA }), {
      status: 'draft',
      source: 'staff',
    })
  ).id;
  ids.pending = (
    await createEvent(
      services.db,
      fx.tenant.id,
      eventInput({ title: 'Ungeprüfte Meldung', areaId: fx.qmA }),
      {
        status: 'pending',
        source: 'public',
      },
    )
  ).id;
});
afterAll(() => ctx.close());

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return cal;
};

describe('public listing', () => {
  it('lists published events (cancelled ones marked), never drafts or queued submissions, and advertises its feeds', async () => {
    const a = new Agent(ctx.app);
    const res = await a.get(`/${fx.tenant.slug}/events`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Lesung &lt;im&gt; Park');
    expect(html).toContain('Wöchentlicher Sporttreff');
    expect(html).toContain('Abgesagtes Konzert');
    expect(html).not.toContain('Geheimer Entwurf');
    expect(html).not.toContain('Ungeprüfte Meldung');
    expect(html).toMatch(/<link rel="alternate" href="[^"]*feed\.ics" type="text\/calendar"/);
    expect(html).toMatch(/<link rel="alternate" href="[^"]*feed\.rss" type="application\/rss\+xml"/);
    expect(html).toMatch(/<link rel="alternate" href="[^"]*feed\.atom" type="application\/atom\+xml"/);
    expect(html).not.toContain('<script src');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await a.get(`/${fx.tenant.slug}/events`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('filters by area and category, and the month view expands the series', async () => {
    const a = new Agent(ctx.app);
    const html = await (
      await a.get(`/${fx.tenant.slug}/events?area=${fx.areaA.slug}&category=${fx.sport.slug}`)
    ).text();
    expect(html).toContain('Wöchentlicher Sporttreff');
    expect(html).not.toContain('Lesung');
    expect(html).not.toContain('Abgesagtes Konzert');
    const month = addDays(todayLocal(), 40).slice(0, 7);
    const mv = await (
      await a.get(`/${fx.tenant.slug}/events?view=month&month=${month}&category=${fx.sport.slug}`)
    ).text();
    const count = mv.split('Wöchentlicher Sporttreff').length - 1;
    expect(count).toBeGreaterThanOrEqual(3);
    expect((await a.get(`/${fx.tenant.slug}/events?area=nirgendwo`)).status).toBe(404);
  });
});

describe('iCalendar feed', () => {
  it('is strict RFC 5545 (own checks) and parsed by ical.js, with stable UIDs, VTIMEZONE, RRULE and CANCELLED', async () => {
    const a = new Agent(ctx.app);
    const res = await a.get(`/${fx.tenant.slug}/events/feed.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(strictProblems(ics)).toEqual([]);
    const cal = parse(ics);
    expect(cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Berlin',
    ]);
    const vevents = cal.getAllSubcomponents('vevent');
    const byUid = new Map(vevents.map((v) => [String(v.getFirstPropertyValue('uid')), v]));
    expect(byUid.size).toBe(3);
    const uid = (id: string) => [...byUid.keys()].find((u) => u.includes(id))!;
    expect(uid(ids.draft)).toBeUndefined();
    expect(uid(ids.pending)).toBeUndefined();
    expect(byUid.get(uid(ids.cancelled))!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(byUid.get(uid(ids.single))!.getFirstPropertyValue('summary')).toBe(
      'Lesung <im> Park & mehr, mit; Zeichen',
    );
    expect(String(byUid.get(uid(ids.single))!.getFirstPropertyValue('description'))).toContain(
      'fünfundsiebzig',
    );

    // The series expands with its local time kept across the change of summer time, minus the left-out date.
    const ev = new ICAL.Event(byUid.get(uid(ids.series))!);
    expect(ev.isRecurring()).toBe(true);
    const it = ev.iterator();
    const starts: ICAL.Time[] = [];
    for (let n = it.next(); n && starts.length < 60; n = it.next()) starts.push(n);
    expect(starts.length).toBeGreaterThan(40);
    const offsets = new Set<number>();
    for (const s of starts) {
      expect(s.hour).toBe(18);
      expect(s.zone?.tzid).toBe('Europe/Berlin');
      offsets.add(s.toJSDate().getTimezoneOffset() === 0 ? s.utcOffset() : s.utcOffset());
    }
    expect(offsets.size).toBe(2); // both CET and CEST occur
    const excluded = addDays(addDays(todayLocal(), 1), 14).replace(/-/g, '');
    expect(starts.some((s) => s.toString().replace(/-/g, '').startsWith(excluded))).toBe(false);

    // Same UID on every request; an edit raises SEQUENCE but keeps the UID.
    const second = parse(await (await a.get(`/${fx.tenant.slug}/events/feed.ics`)).text());
    expect(
      second
        .getAllSubcomponents('vevent')
        .map((v) => String(v.getFirstPropertyValue('uid')))
        .sort(),
    ).toEqual([...byUid.keys()].sort());
    const etag = res.headers.get('etag')!;
    expect((await a.get(`/${fx.tenant.slug}/events/feed.ics`, { 'if-none-match': etag })).status).toBe(304);
    await updateEvent(
      ctx.services.db,
      fx.tenant.id,
      ids.single,
      eventInput({ title: 'Lesung geändert', areaId: fx.qmA }),
    );
    const after = await a.get(`/${fx.tenant.slug}/events/feed.ics`, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    const changed = parse(await after.text())
      .getAllSubcomponents('vevent')
      .find((v) => String(v.getFirstPropertyValue('uid')) === uid(ids.single))!;
    expect(changed.getFirstPropertyValue('summary')).toBe('Lesung geändert');
    expect(Number(changed.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(byUid.get(uid(ids.single))!.getFirstPropertyValue('sequence')),
    );
  });

  it('has feeds per area and category (an unknown one is 404), and one per event', async () => {
    const a = new Agent(ctx.app);
    const area = await (await a.get(`/${fx.tenant.slug}/events/feed.ics?area=${fx.areaA.slug}`)).text();
    expect(strictProblems(area)).toEqual([]);
    expect(parse(area).getAllSubcomponents('vevent')).toHaveLength(2);
    const cat = await (await a.get(`/${fx.tenant.slug}/events/feed.ics?category=${fx.sport.slug}`)).text();
    expect(parse(cat).getAllSubcomponents('vevent')).toHaveLength(1);
    expect((await a.get(`/${fx.tenant.slug}/events/feed.ics?category=gibt-es-nicht`)).status).toBe(404);
    const one = await (await a.get(`/${fx.tenant.slug}/events/${ids.series}/calendar.ics`)).text();
    expect(strictProblems(one)).toEqual([]);
    expect(parse(one).getAllSubcomponents('vevent')).toHaveLength(1);
    expect((await a.get(`/${fx.tenant.slug}/events/${ids.draft}/calendar.ics`)).status).toBe(404);
  });

  it('has stable path addresses per area, category, venue and organiser, linked from the pages', async () => {
    const a = new Agent(ctx.app);
    const venueId = (
      await createVenue(systemActor(fx.tenant.id), ctx.services.db, { name: 'Stadtteilladen' })
    ).id;
    const organiserId = (
      await createActor(ctx.services.db, fx.tenant.id, { kind: 'organisation', name: 'Repair-Initiative' })
    ).id;
    const atVenue = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Repair-Café im Stadtteilladen',
      areaId: fx.qmB,
      venueId,
      organiserActorId: organiserId,
    });
    const base = `/${fx.tenant.slug}/events`;
    const titles = async (url: string) => {
      const res = await a.get(url);
      expect(res.status, url).toBe(200);
      const ics = await res.text();
      expect(strictProblems(ics), url).toEqual([]);
      return parse(ics)
        .getAllSubcomponents('vevent')
        .map((v) => String(v.getFirstPropertyValue('summary')))
        .sort();
    };
    expect(await titles(`${base}/venues/${venueId}/feed.ics`)).toEqual(['Repair-Café im Stadtteilladen']);
    expect(await titles(`${base}/organisers/${organiserId}/feed.ics`)).toEqual([
      'Repair-Café im Stadtteilladen',
    ]);
    // The path form and the query form are the same feed.
    expect(await titles(`${base}/areas/${fx.areaA.slug}/feed.ics`)).toEqual(
      await titles(`${base}/feed.ics?area=${fx.areaA.slug}`),
    );
    expect(await titles(`${base}/categories/${fx.sport.slug}/feed.ics`)).toEqual([
      'Wöchentlicher Sporttreff',
    ]);
    // Path and query combine: a category within an area (and nothing of that category elsewhere).
    expect(await titles(`${base}/areas/${fx.areaA.slug}/feed.ics?category=${fx.sport.slug}`)).toEqual([
      'Wöchentlicher Sporttreff',
    ]);
    expect(await titles(`${base}/venues/${venueId}/feed.ics?category=${fx.sport.slug}`)).toEqual([]);
    const rss = await a.get(`${base}/venues/${venueId}/feed.rss`);
    expect(rss.status).toBe(200);
    expect(await rss.text()).toContain('Repair-Café im Stadtteilladen');
    expect((await a.get(`${base}/areas/gibt-es-nicht/feed.ics`)).status).toBe(404);
    expect((await a.get(`${base}/venues/not-a-uuid/feed.ics`)).status).toBe(404);
    // The event page offers the venue's and the organiser's feed; a filtered listing advertises the path form.
    const page = await (await a.get(`${base}/${atVenue.id}`)).text();
    expect(page).toContain(`href="${base}/venues/${venueId}/feed.ics"`);
    expect(page).toContain(`href="${base}/organisers/${organiserId}/feed.ics"`);
    const listing = await (await a.get(`${base}?area=${fx.areaA.slug}&category=${fx.sport.slug}`)).text();
    expect(listing).toContain(`href="${base}/areas/${fx.areaA.slug}/feed.ics?category=${fx.sport.slug}"`);
  });
});

describe('RSS and Atom', () => {
  it('are well-formed XML with the events, escaped, and answer 304', async () => {
    const a = new Agent(ctx.app);
    for (const [kind, root, type] of [
      ['rss', 'rss', 'application/rss+xml'],
      ['atom', 'feed', 'application/atom+xml'],
    ] as const) {
      const res = await a.get(`/${fx.tenant.slug}/events/feed.${kind}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const xml = await res.text();
      const check = xmlProblems(xml);
      expect(check.problems).toEqual([]);
      expect(check.root).toBe(root);
      expect(xml).toContain('Wöchentlicher Sporttreff');
      expect(xml).not.toContain('Geheimer Entwurf');
      const etag = res.headers.get('etag')!;
      expect((await a.get(`/${fx.tenant.slug}/events/feed.${kind}`, { 'if-none-match': etag })).status).toBe(
        304,
      );
    }
  });
});

describe('event page', () => {
  it('carries schema.org Event JSON-LD that fits the vocabulary, Open Graph data, and caching headers', async () => {
    const a = new Agent(ctx.app);
    for (const id of [ids.series, ids.cancelled]) {
      const res = await a.get(`/${fx.tenant.slug}/events/${id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const blocks = [
        ...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g),
      ].map((m) => JSON.parse(m[1]));
      expect(blocks).toHaveLength(1);
      const ld = blocks[0];
      expect(ld['@context']).toBe('https://schema.org');
      expect(ld['@type']).toBe('Event');
      expect(schemaProblems(ld)).toEqual([]);
      expect(missingEventProperties(ld)).toEqual({ required: [], recommended: [] });
      expect(ld.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:00$/);
      if (id === ids.cancelled) expect(ld.eventStatus).toBe('https://schema.org/EventCancelled');
      else expect(ld.eventSchedule['@type']).toBe('Schedule');
      expect(html).toContain('property="og:title"');
      const etag = res.headers.get('etag')!;
      expect((await a.get(`/${fx.tenant.slug}/events/${id}`, { 'if-none-match': etag })).status).toBe(304);
    }
    expect((await a.get(`/${fx.tenant.slug}/events/${ids.draft}`)).status).toBe(404);
    expect((await a.get(`/${fx.tenant.slug}/events/${ids.pending}`)).status).toBe(404);
  });

  it('says what the RRULE says (week of the month, dates left out), keeps a free-text place as text and names the audience in words', async () => {
    const first = addDays(todayLocal(), 3);
    const start = localToInstant(first, '10:00');
    const left = addDays(first, 63);
    const flea = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Flohmarkt am ersten Samstag',
      areaId: fx.qmA,
      startsAt: start,
      endsAt: localToInstant(first, '14:00'),
      rrule: 'FREQ=MONTHLY;BYDAY=1SA',
      repeatUntil: addDays(first, 365),
      exdates: [left],
      locationName: 'Grüner Platz',
      locationAddress: 'Hof hinter der Schule',
      targetGroups: ['families', 'seniors'],
    });
    const html = await (await new Agent(ctx.app).get(`/${fx.tenant.slug}/events/${flea.id}?lang=de`)).text();
    const ld = JSON.parse(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(schemaProblems(ld)).toEqual([]);
    expect(ld.eventSchedule).toMatchObject({
      repeatFrequency: 'P1M',
      byDay: 'https://schema.org/Saturday',
      byMonthWeek: 1,
      exceptDate: [left],
    });
    expect(ld.location.address).toBe('Hof hinter der Schule');
    expect(ld.audience.audienceType).toBe('Familien, Ältere Menschen');
  });
});

describe('embeddable listing', () => {
  it('is plain HTML without script that partners may frame', async () => {
    const a = new Agent(ctx.app);
    const res = await a.get(`/${fx.tenant.slug}/events/embed?area=${fx.areaA.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const html = await res.text();
    expect(html).not.toContain('<script');
    expect(html).toContain('Wöchentlicher Sporttreff');
    expect(html).toContain('target="_top"');
  });
});
