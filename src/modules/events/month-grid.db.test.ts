/**
 * The public month view as a calendar grid: a table with the month as caption and the weekdays as
 * column headers, Monday first; every week of the month a row; a day with events links to its place
 * in the agenda below (which lists every event) and shows its first three titles and "+ n more";
 * days of the neighbouring months stay empty. Also in Arabic.
 */
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';

let ctx: TestContext;
let slug: string;
// Next month, so that none of its days is in the past.
const month = addMonths(`${todayLocal().slice(0, 7)}-01`, 1).slice(0, 7);
const busy = `${month}-10`;
const quiet = `${month}-20`;

beforeAll(async () => {
  ctx = await createTestContext();
  const fx = await eventsFixture(ctx);
  slug = fx.tenant.slug;
  for (let i = 0; i < 5; i++)
    await publishEvent(ctx.services, fx.tenant.id, {
      title: `Kiezfest Teil ${i + 1}`,
      startsAt: localToInstant(busy, `${10 + i}:00`),
      endsAt: localToInstant(busy, `${10 + i}:30`),
    });
  await publishEvent(ctx.services, fx.tenant.id, {
    title: 'Lesecafé',
    startsAt: localToInstant(quiet, '15:00'),
    endsAt: localToInstant(quiet, '17:00'),
  });
});
afterAll(() => ctx?.close());

const grid = async (lang = 'de') => {
  const html = await (
    await new Agent(ctx.app).get(`/${slug}/events?view=month&month=${month}&lang=${lang}`)
  ).text();
  return { html, table: parse(html).querySelector('table.q-month-grid')! };
};

describe('the month as a calendar grid', () => {
  it('has the month as caption, Monday first, and a row for every week of the month', async () => {
    const { table } = await grid();
    expect(table).not.toBeNull();
    // Short names as the language writes them ("Mo" or "Mo."), the full name for screen readers.
    const headers = table.querySelectorAll('thead th');
    expect(headers.map((th) => th.getAttribute('abbr'))).toEqual([
      'Montag',
      'Dienstag',
      'Mittwoch',
      'Donnerstag',
      'Freitag',
      'Samstag',
      'Sonntag',
    ]);
    expect(headers.map((th) => th.text.slice(0, 2))).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    expect(table.querySelector('thead th')!.getAttribute('scope')).toBe('col');
    expect(table.querySelector('caption')!.text).toMatch(/\d{4}/);
    const days = table
      .querySelectorAll('tbody td')
      .map((td) => td.querySelector('.q-month-grid__day')!.text)
      .filter(Boolean);
    // Every day of the month once, in order; neighbouring months' cells are empty.
    expect(days.map((d) => Number.parseInt(d, 10))).toEqual(
      Array.from({ length: days.length }, (_, i) => i + 1),
    );
    expect([28, 29, 30, 31]).toContain(days.length);
    for (const row of table.querySelectorAll('tbody tr')) expect(row.querySelectorAll('td')).toHaveLength(7);
  });

  it('a busy day links to the agenda, shows three titles and "+ 2 weitere"; the agenda below has all five', async () => {
    const { html, table } = await grid();
    const link = table.querySelector(`a.q-month-grid__day[href="#day-${busy}"]`)!;
    expect(link.getAttribute('aria-label')).toMatch(/: 5 Veranstaltungen$/);
    const cell = link.parentNode!;
    expect(cell.querySelectorAll('.q-month-grid__events li a').map((a) => a.text)).toEqual([
      'Kiezfest Teil 1',
      'Kiezfest Teil 2',
      'Kiezfest Teil 3',
      '+ 2 weitere',
    ]);
    expect(parse(html).querySelector(`#day-${busy}`)).not.toBeNull();
    expect(html.match(/Kiezfest Teil 5/g)).toHaveLength(1);
    const other = table.querySelector(`a.q-month-grid__day[href="#day-${quiet}"]`)!;
    expect(other.getAttribute('aria-label')).toMatch(/: 1 Veranstaltung$/);
    // A day without events is no link.
    expect(table.querySelector(`a[href="#day-${month}-11"]`)).toBeNull();
  });

  it('in Arabic: weekday headers and counts in the visitor’s language', async () => {
    const { table } = await grid('ar');
    expect(table.querySelector('thead th')!.getAttribute('abbr')).toBe('الاثنين');
    const link = table.querySelector(`a.q-month-grid__day[href="#day-${busy}"]`)!;
    expect(link.getAttribute('aria-label')).toContain('5 فعاليات');
  });
});
