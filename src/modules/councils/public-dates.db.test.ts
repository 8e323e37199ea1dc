/**
 * Public meetings in the public calendars: the area page and the events listing list the public
 * meetings of public bodies of the area and of the areas below it (manifest `publicDates`), never a
 * closed meeting or a closed body's, never another area's; a new meeting shows at once (the pages'
 * caches follow the meetings' version); the heading speaks the five public languages. The events'
 * iCalendar and RSS feeds carry them too.
 */

import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { strictProblems } from '../../test/strict-ical.ts';
import { xmlProblems } from '../../test/xml.ts';
import { getArea } from '../areas/index.ts';
import { scheduleMeeting, setMeetingStatus } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

async function areaPage(areaId: string, lang = 'de') {
  const area = (await getArea(ctx.services.db, fx.tenant.id, areaId))!;
  const res = await ctx.app.request(`/${fx.tenant.slug}/areas/${area.slug}?lang=${lang}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('public council meetings in the area calendar', () => {
  it('lists the public meetings of the area and below, not closed ones nor other areas', async () => {
    const db = ctx.services.db;
    const schedule = async (bodyId: string, days: number, title: string, over = {}) =>
      (await scheduleMeeting(fx.sys, db, bodyId, { startsAt: fx.at(days, '19:00'), title, ...over }))
        .meetings[0];
    const { body: rat } = await fx.body(
      { name: 'Quartiersrat Kalender', kind: 'quartiersrat', public: true },
      3,
    );
    const open = await schedule(rat.id, 5, 'Sitzung im Stadtteilladen', { locationName: 'Stadtteilladen' });
    await schedule(rat.id, 6, 'Personalsitzung geheim', { public: false });
    const gone = await schedule(rat.id, 8, 'Abgesagte Runde');
    await setMeetingStatus(fx.sys, db, gone.id, { status: 'cancelled' });
    const { body: jury } = await fx.body({ name: 'Jury Kalender', public: false }, 3);
    await schedule(jury.id, 5, 'Jurysitzung');
    const { body: other } = await fx.body(
      { name: 'Rat Quartier B', kind: 'quartiersrat', public: true, areaId: fx.qmB },
      3,
    );
    await schedule(other.id, 5, 'Sitzung in B');

    const a = text(await areaPage(fx.qmA));
    expect(a).toContain('Öffentliche Sitzungen der Gremien');
    expect(a).toContain('Quartiersrat Kalender: Sitzung im Stadtteilladen');
    expect(a).toContain('Öffentliche Sitzung · Stadtteilladen');
    expect(a).toMatch(/– fällt aus Quartiersrat Kalender: Abgesagte Runde/);
    expect(a).not.toContain('Personalsitzung geheim');
    expect(a).not.toContain('Jurysitzung');
    expect(a).not.toContain('Sitzung in B');
    expect(await areaPage(fx.qmA)).toContain(
      `href="/${fx.tenant.slug}/councils/${rat.slug}#meeting-${open.id}"`,
    );
    // The district's calendar holds the bodies of the areas below it.
    const district = text(await areaPage(fx.district.id));
    expect(district).toContain('Sitzung im Stadtteilladen');
    expect(district).toContain('Sitzung in B');
    expect(district).not.toContain('Jurysitzung');
  });

  it('the events listing of the area shows them too, but not when filtered by more than the area', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Rat Liste', kind: 'quartiersrat', public: true }, 3);
    const meeting = (
      await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(4, '18:30'), title: 'Im Kalender' })
    ).meetings[0];
    const areaA = (await getArea(db, fx.tenant.id, fx.qmA))!;
    const areaB = (await getArea(db, fx.tenant.id, fx.qmB))!;
    const listing = async (query: string) => {
      const res = await ctx.app.request(`/${fx.tenant.slug}/events?${query}`);
      expect(res.status, query).toBe(200);
      return res.text();
    };
    const inA = await listing(`area=${areaA.slug}`);
    expect(text(inA)).toContain('Rat Liste: Im Kalender');
    expect(inA).toContain(`href="/${fx.tenant.slug}/councils/${body.slug}#meeting-${meeting.id}"`);
    expect(text(await listing(''))).toContain('Rat Liste: Im Kalender');
    expect(
      text(await listing(`view=month&month=${fx.at(4).toISOString().slice(0, 7)}&area=${areaA.slug}`)),
    ).toContain('Rat Liste: Im Kalender');
    expect(text(await listing(`area=${areaB.slug}`))).not.toContain('Im Kalender');
    expect(text(await listing(`area=${areaA.slug}&q=Bank`))).not.toContain('Im Kalender');
    // A meeting planned now shows at once (the listing's cache follows the meetings' version).
    await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(6, '18:30'), title: 'Gleich danach' });
    expect(text(await listing(`area=${areaA.slug}`))).toContain('Rat Liste: Gleich danach');
  });

  it('the iCalendar and RSS feeds of the events carry them (valid to the strict parser), not when filtered by more than the area', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Rat Feed', kind: 'quartiersrat', public: true }, 3);
    const held = (
      await scheduleMeeting(fx.sys, db, body.id, {
        startsAt: fx.at(9, '18:30'),
        title: 'Im Feed',
        locationName: 'Stadtteilladen',
      })
    ).meetings[0];
    const gone = (
      await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(12, '18:30'), title: 'Fällt aus Feed' })
    ).meetings[0];
    await setMeetingStatus(fx.sys, db, gone.id, { status: 'cancelled' });
    await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(10), title: 'Geheim Feed', public: false });
    const areaA = (await getArea(db, fx.tenant.id, fx.qmA))!;
    const feed = async (path: string) => {
      const res = await ctx.app.request(`/${fx.tenant.slug}/events/${path}`);
      expect(res.status, path).toBe(200);
      return res.text();
    };
    const ics = await feed(`feed.ics?area=${areaA.slug}`);
    expect(strictProblems(ics)).toEqual([]);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
    const mine = events.filter((e) => String(e.getFirstPropertyValue('summary')).includes('Rat Feed'));
    expect(mine.map((e) => e.getFirstPropertyValue('summary')).sort()).toEqual([
      'Öffentliche Sitzung: Rat Feed: Fällt aus Feed',
      'Öffentliche Sitzung: Rat Feed: Im Feed',
    ]);
    const inFeed = mine.find((e) => String(e.getFirstPropertyValue('summary')).endsWith('Im Feed'))!;
    expect(inFeed.getFirstPropertyValue('location')).toBe('Stadtteilladen');
    expect(String(inFeed.getFirstPropertyValue('url'))).toContain(
      `/councils/${body.slug}#meeting-${held.id}`,
    );
    const cancelled = mine.find((e) =>
      String(e.getFirstPropertyValue('summary')).endsWith('Fällt aus Feed'),
    )!;
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(ics).not.toContain('Geheim Feed');
    // Filtered by more than the area: events only.
    expect(await feed(`feed.ics?area=${areaA.slug}&q=Bank`)).not.toContain('Rat Feed');

    const rss = await feed(`feed.rss?area=${areaA.slug}`);
    expect(xmlProblems(rss).problems).toEqual([]);
    expect(rss).toContain('Rat Feed: Im Feed');
    expect(rss).not.toContain('Geheim Feed');
  });

  it('shows a new meeting at once, and speaks the five public languages', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body(
      { name: 'Rat Neu', kind: 'quartiersrat', public: true, areaId: fx.qmB },
      3,
    );
    expect(text(await areaPage(fx.qmB))).not.toContain('Frisch geplant');
    await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(3, '18:00'), title: 'Frisch geplant' });
    expect(text(await areaPage(fx.qmB))).toContain('Rat Neu: Frisch geplant');
    const headings = {
      en: 'Public council meetings',
      tr: 'Kurulların herkese açık toplantıları',
      ar: 'الاجتماعات العلنية للمجالس',
      'de-x-ls': 'Öffentliche Treffen von den Gremien',
    };
    for (const [lang, heading] of Object.entries(headings))
      expect(text(await areaPage(fx.qmB, lang)), lang).toContain(heading);
  });
});
