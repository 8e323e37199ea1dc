import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { parseStrict } from '../../test/strict-ical.ts';
import { events } from './db/schema.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';
import { formValuesOf } from './use-cases/events.ts';

/** Many neighbourhood events have no end time: "Hoffest, ab 15 Uhr". */
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
const day = () => addDays(todayLocal(), 12);

beforeAll(async () => {
  ctx = await createTestContext({ config: { trustProxy: true } });
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => JSON.parse(m[1]))
    .find((x) => x['@type'] === 'Event');

describe('an event without an end time', () => {
  it('can be submitted by a resident without an end time; it is stored as ending when it starts', async () => {
    const a = new Agent(ctx.app);
    const url = `/${fx.tenant.slug}/events/submit`;
    await a.get(url);
    const body = new FormData();
    body.append('_csrf', a.csrfToken() ?? '');
    const fields: Record<string, string> = {
      title: 'Hoffest ohne Ende',
      date: day(),
      startTime: '15:00',
      endTime: '',
      repeat: 'none',
      areaId: fx.qmA,
      locationName: 'Hof Beispielstraße 3',
      organiserName: 'Hausgemeinschaft',
      cost: 'free',
      submitterName: 'Sam Sender',
      submitterEmail: 'sam-open@example.org',
      criteria: 'on',
    };
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const res = await a.request(url, { method: 'POST', body, headers: { 'x-forwarded-for': '10.9.9.9' } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('q-error-summary');
    const [row] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Hoffest ohne Ende')));
    expect(row.startsAt.toISOString()).toBe(localToInstant(day(), '15:00').toISOString());
    // The column stays NOT NULL: an open end is the end at the start (RFC 5545's reading of no DTEND).
    expect(row.endsAt.toISOString()).toBe(row.startsAt.toISOString());
    // Editing shows the end time empty again, not "15:00".
    expect(formValuesOf(row)).toMatchObject({ startTime: '15:00', endTime: '', endDate: '' });
  });

  it('is shown with its start alone in the list and on its page, without DTEND in iCalendar and without endDate in schema.org', async () => {
    const start = localToInstant(day(), '18:00');
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Offener Abend',
      startsAt: start,
      endsAt: start,
    });
    const a = new Agent(ctx.app);
    const list = await (await a.get(`/${fx.tenant.slug}/events`)).text();
    expect(list).toMatch(/class="q-event-list__when">18:00(<| )/);
    expect(list).not.toContain('18:00–18:00');

    const page = await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text();
    expect(page).toContain('18:00');
    expect(page).not.toContain('18:00–');
    const ld = jsonLdOf(page);
    expect(ld.startDate).toMatch(/T18:00:00\+0[12]:00$/);
    expect(ld).not.toHaveProperty('endDate');

    const ics = await (await a.get(`/${fx.tenant.slug}/events/${e.id}/calendar.ics`)).text();
    const { problems, events: vevents } = parseStrict(ics);
    expect(problems).toEqual([]);
    expect(ics).not.toContain('DTEND');
    expect(vevents[0].startDate.toJSDate().toISOString()).toBe(start.toISOString());

    // The feed of all events has it too, still without an end, and stays strict.
    const feed = await (await a.get(`/${fx.tenant.slug}/events/feed.ics`)).text();
    expect(parseStrict(feed).problems).toEqual([]);
    const block = feed.slice(feed.indexOf(`UID:event-${e.id}@`));
    expect(block.slice(0, block.indexOf('END:VEVENT'))).not.toContain('DTEND');
  });

  it('a weekly series without an end time: its schema.org Schedule has no endTime', async () => {
    const start = localToInstant(day(), '10:00');
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Offenes Frühstück',
      startsAt: start,
      endsAt: start,
      rrule: 'FREQ=WEEKLY;BYDAY=' + ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][start.getUTCDay()],
    });
    const page = await (await new Agent(ctx.app).get(`/${fx.tenant.slug}/events/${e.id}`)).text();
    const ld = jsonLdOf(page);
    expect(ld.eventSchedule.startTime).toBe('10:00:00');
    expect(ld.eventSchedule).not.toHaveProperty('endTime');
    expect(ld).not.toHaveProperty('endDate');
  });

  it('staff: an end time is optional, but a later last day needs one; an end before the start is refused', async () => {
    const agent = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/new`;
    const form = (over: Record<string, string>) => ({
      kind: 'event',
      title: 'Lesung',
      date: day(),
      startTime: '19:00',
      endTime: '',
      repeat: 'none',
      locationName: 'Bibliothek',
      organiserName: 'Bücherei',
      cost: 'free',
      ...over,
    });
    const page = await (await agent.get(url)).text();
    // The form says the end time is optional instead of silently requiring it.
    expect(page).toMatch(
      /for="endTime">Ende(<!-- -->)? <span class="kern-label__optional">\(freiwillig\)<\/span>/,
    );

    const multiDay = await agent.post(url, form({ endDate: addDays(day(), 1) }), { csrfFrom: url });
    expect(multiDay.status).toBe(422);
    const html = await multiDay.text();
    expect(html).toContain(
      '<a href="#endTime"><span class="q-error-summary__field">Ende</span>: Bitte füllen Sie dieses Feld aus.</a>',
    );
    expect(html).toContain(`value="${addDays(day(), 1)}"`);

    const backwards = await agent.post(url, form({ endTime: '18:00' }), { csrfFrom: url });
    expect(backwards.status).toBe(422);
    expect(await backwards.text()).toContain('Das Ende muss nach dem Beginn liegen.');

    const ok = await agent.post(url, form({}), { csrfFrom: url });
    expect(ok.status).toBe(302);
    const [row] = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Lesung')));
    expect(row.endsAt.getTime()).toBe(row.startsAt.getTime());
  });
});
