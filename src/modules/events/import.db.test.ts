import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { instantToLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { registerEventsCli } from './cli.ts';
import { events } from './db/schema.ts';
import { readCalendar } from './import/read-ical.ts';
import { createSource, runImport } from './import/run.ts';
import { EVENT_LIMITS } from './schemas.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';

const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/icalendar/ical.js-samples/', import.meta.url));

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  // Feeds are served from this machine: the operator's allow-list lets the server reach 127.0.0.1.
  ctx = await createTestContext({ config: { outbound: { allowPrivate: false, allowHosts: ['127.0.0.1'] } } });
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const enc = (s: string) => new TextEncoder().encode(s);

/** A partner's file with the faults seen in the wild: Latin-1, LF endings, no DTSTAMP, no UID, floating and Outlook times. */
function messy(year: number, over: { titleB?: string; dropC?: boolean } = {}): Uint8Array {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kiezverein//Handgemacht//DE',
    'X-WR-CALNAME:Kiezverein Beispiel',
    'BEGIN:VEVENT',
    'UID:a-1@kiezverein.example',
    `DTSTART;TZID="W. Europe Standard Time":${year}0614T180000`,
    `DTEND;TZID="W. Europe Standard Time":${year}0614T200000`,
    'SUMMARY:Sommerfest im Hof',
    'DESCRIPTION:Mit Musik\\, Kuchen und Grill.\\nAlle sind willkommen.',
    'LOCATION:Hof Beispielstraße 3\\, 13357 Berlin',
    'CATEGORIES:Kultur,Nachbarschaft',
    'END:VEVENT',
    'BEGIN:VEVENT',
    // No UID, no DTSTAMP, floating time, a long line folded with a tab.
    `DTSTART:${year}0701T100000`,
    'DURATION:PT1H30M',
    `SUMMARY:${over.titleB ?? 'Spielenachmittag für Groß und Klein mit vielen Brettspielen aus aller Welt'}`,
    'DESCRIPTION:Zeile eins',
    '\tund weiter',
    'END:VEVENT',
    ...(over.dropC
      ? []
      : [
          'BEGIN:VEVENT',
          'UID:c-3@kiezverein.example',
          `DTSTART;VALUE=DATE:${year}0801`,
          'SUMMARY;ENCODING=QUOTED-PRINTABLE:Flohmarkt am Gr=C3=BCnen Platz',
          'RRULE:FREQ=MONTHLY;BYDAY=1SA;COUNT=3',
          'END:VEVENT',
        ]),
    'BEGIN:VEVENT',
    'UID:bad@kiezverein.example',
    'SUMMARY:Ohne Datum',
    'END:VEVENT',
    'BEGIN:VTODO',
    'SUMMARY:Kein Termin',
    'END:VTODO',
    'END:VCALENDAR',
  ];
  // Latin-1 bytes (ä, ö, ü, ß), LF line ends; the QUOTED-PRINTABLE value carries UTF-8 bytes of its own.
  return Uint8Array.from(Buffer.from(lines.join('\n'), 'latin1'));
}

describe('lenient reading of real-world calendar files', () => {
  it('reads every ical.js sample without throwing', () => {
    for (const f of readdirSync(SAMPLES).filter((x) => x.endsWith('.ics'))) {
      const r = readCalendar(readFileSync(join(SAMPLES, f)));
      const vevents = (readFileSync(join(SAMPLES, f), 'utf8').match(/BEGIN:VEVENT/g) ?? []).length;
      expect(r.events.length + r.problems.filter((p) => p.line).length, f).toBeGreaterThanOrEqual(
        vevents ? 1 : 0,
      );
    }
    const dur = readCalendar(readFileSync(join(SAMPLES, 'duration_instead_of_dtend.ics'))).events[0];
    expect(dur.end.getTime()).toBeGreaterThan(dur.start.getTime());
    const allDay = readCalendar(readFileSync(join(SAMPLES, 'only_dtstart_date.ics'))).events[0];
    expect(allDay.allDay).toBe(true);
    const daily = readCalendar(readFileSync(join(SAMPLES, 'daily_recur.ics'))).events[0];
    expect(daily.rrule).toMatch(/^FREQ=DAILY/);
    const inst = readCalendar(readFileSync(join(SAMPLES, 'recur_instances.ics')));
    const master = inst.events.find((e) => e.rrule)!;
    expect(master.exdates.length).toBeGreaterThan(0);
    expect(inst.events.filter((e) => e.uid.includes('#')).length).toBeGreaterThan(0);
  });

  it('copes with Latin-1, LF, folding by tab, missing UID and DTSTAMP, floating and Outlook times, QUOTED-PRINTABLE', () => {
    const r = readCalendar(messy(2030));
    expect(r.name).toBe('Kiezverein Beispiel');
    expect(r.events.map((e) => e.summary)).toEqual([
      'Sommerfest im Hof',
      'Spielenachmittag für Groß und Klein mit vielen Brettspielen aus aller Welt',
      'Flohmarkt am Grünen Platz',
    ]);
    const [a, b, c] = r.events;
    expect(instantToLocal(a.start)).toEqual({ date: '2030-06-14', time: '18:00' });
    expect(a.location).toBe('Hof Beispielstraße 3, 13357 Berlin');
    expect(a.description).toBe('Mit Musik, Kuchen und Grill.\nAlle sind willkommen.');
    expect(a.categories).toEqual(['Kultur', 'Nachbarschaft']);
    expect(b.uid).toMatch(/^derived-/);
    expect(instantToLocal(b.start)).toEqual({ date: '2030-07-01', time: '10:00' });
    expect(b.end.getTime() - b.start.getTime()).toBe(90 * 60_000);
    expect(b.description).toBe('Zeile einsund weiter');
    expect(c.allDay).toBe(true);
    expect(c.rrule).toBe('FREQ=MONTHLY;BYDAY=1SA;COUNT=3');
    expect(r.problems.map((p) => p.code).sort()).toEqual(['floating', 'noStart']);
    // The derived UID is stable, so a re-import recognises the event.
    expect(readCalendar(messy(2030)).events[1].uid).toBe(b.uid);
    expect(readCalendar(enc('hello world')).problems[0].code).toBe('notCalendar');
  });

  it('shortens texts to the event schema’s limits and says which, and leaves out a link too long to keep', () => {
    const file = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//Lang//DE',
      'BEGIN:VEVENT',
      'UID:long-1@example.org',
      'DTSTAMP:20300101T000000Z',
      'DTSTART:20300614T160000Z',
      'DTEND:20300614T180000Z',
      `SUMMARY:${'Sommerfest '.repeat(30)}`,
      `DESCRIPTION:${'Text '.repeat(5000)}`,
      `URL:https://example.org/${'a'.repeat(600)}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const r = readCalendar(enc(file));
    const [e] = r.events;
    expect(e.summary.length).toBeLessThanOrEqual(EVENT_LIMITS.title);
    expect(e.summary.startsWith('Sommerfest Sommerfest')).toBe(true);
    expect(e.description.length).toBeLessThanOrEqual(EVENT_LIMITS.description);
    expect(e.url).toBeNull();
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'shortened',
        detail: 'SUMMARY, DESCRIPTION',
        uid: 'long-1@example.org',
      }),
    ]);
  });
});

describe('importing a source', () => {
  it('creates, recognises on re-import, applies changes, cancels what disappeared, skips what is already there, and reports', async () => {
    const { services } = ctx;
    // Already in the calendar by hand: the same event must not come twice.
    const manual = readCalendar(messy(2031)).events[0];
    await publishEvent(services, fx.tenant.id, {
      title: 'Sommerfest im Hof!',
      startsAt: manual.start,
      endsAt: manual.end,
      areaId: fx.qmA,
    });
    const source = await createSource(services.db, fx.tenant.id, {
      name: 'Kiezverein',
      kind: 'file',
      url: null,
      areaId: fx.qmA,
      categoryIds: [],
      attribution: 'Kiezverein Beispiel e. V.',
      attributionUrl: 'https://kiezverein.example',
      publishMode: 'publish',
      intervalMinutes: 360,
      enabled: true,
    });
    const first = await runImport(services, fx.tenant.id, source.id, {
      trigger: 'file',
      bytes: messy(2031),
      fileName: 'kiez.ics',
    });
    expect(first).toMatchObject({ status: 'partial', created: 2, duplicates: 1, unchanged: 0, failed: 0 });
    expect(first.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['noStart', 'floating', 'alreadyInCalendar']),
    );
    const mine = () =>
      services.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, fx.tenant.id), eq(events.importSourceId, source.id)));
    const imported = await mine();
    expect(imported.every((e) => e.status === 'published' && e.areaIds.includes(fx.qmA))).toBe(true);
    expect(imported.find((e) => e.title.startsWith('Flohmarkt'))!.rrule).toBe(
      'FREQ=MONTHLY;BYDAY=1SA;COUNT=3',
    );

    const again = await runImport(services, fx.tenant.id, source.id, { trigger: 'file', bytes: messy(2031) });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, duplicates: 1 });
    expect(await mine()).toHaveLength(2);

    const changed = await runImport(services, fx.tenant.id, source.id, {
      trigger: 'file',
      bytes: messy(2031, { dropC: true }),
    });
    expect(changed).toMatchObject({ created: 0, unchanged: 1, cancelled: 1 });
    const flohmarkt = (await mine()).find((e) => e.title.startsWith('Flohmarkt'))!;
    expect(flohmarkt.cancelledAt).not.toBeNull();

    // The public page names the source.
    const spiel = (await mine()).find((e) => e.title.startsWith('Spielenachmittag'))!;
    const page = await (await new Agent(ctx.app).get(`/${fx.tenant.slug}/events/${spiel.id}`)).text();
    expect(page).toContain('Kiezverein Beispiel e. V.');
    expect(page).toContain('https://kiezverein.example');
  });

  it('polls a URL with conditional requests (304 = nothing to do) and puts new events into the review queue', async () => {
    let hits = 0;
    const body = messy(2032);
    const server = createServer((req, res) => {
      hits++;
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: '"v1"' });
      res.end(Buffer.from(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kalender.ics`;
      const source = await createSource(ctx.services.db, fx.tenant.id, {
        name: 'Bibliothek',
        kind: 'url',
        url,
        areaId: fx.qmB,
        categoryIds: [fx.culture.id],
        attribution: 'Stadtteilbibliothek',
        attributionUrl: null,
        publishMode: 'review',
        intervalMinutes: 60,
        enabled: true,
      });
      const r1 = await runImport(ctx.services, fx.tenant.id, source.id, { trigger: 'manual' });
      expect(r1.created).toBe(3);
      const list = await ctx.services.db.select().from(events).where(eq(events.importSourceId, source.id));
      expect(list.every((e) => e.status === 'pending' && e.categoryIds.includes(fx.culture.id))).toBe(true);
      const r2 = await runImport(ctx.services, fx.tenant.id, source.id, { trigger: 'schedule' });
      expect(r2.status).toBe('not_modified');
      expect(hits).toBe(2);
      const broken = await createSource(ctx.services.db, fx.tenant.id, {
        ...source,
        name: 'Kaputt',
        url: `${url.replace(/\/kalender\.ics$/, '')}:1/nix`,
      });
      const r3 = await runImport(ctx.services, fx.tenant.id, broken.id, { trigger: 'manual' });
      expect(r3.status).toBe('failed');
      expect(r3.problems[0].code).toBe('fetchFailed');
    } finally {
      server.close();
    }
  });

  it('works from the command line: npx quartier events import --tenant T --area A --file F', async () => {
    const file = join(tmpdir(), `quartier-import-${Date.now()}.ics`);
    writeFileSync(file, messy(2033));
    const program = new Command().exitOverride();
    registerEventsCli(program, (fn) => fn(ctx.services));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await program.parseAsync(
        [
          'events',
          'import',
          '--tenant',
          fx.tenant.slug,
          '--area',
          'programme:QM-A',
          '--file',
          file,
          '--publish',
        ],
        { from: 'user' },
      );
      let out = log.mock.calls.flat().join('\n');
      expect(out).toContain('3 created, 0 updated, 0 unchanged');
      expect(out).toContain('Event without a start – left out');
      log.mockClear();
      await program.parseAsync(
        ['events', 'import', '--tenant', fx.tenant.slug, '--area', fx.areaA.slug, '--file', file],
        { from: 'user' },
      );
      out = log.mock.calls.flat().join('\n');
      expect(out).toContain('0 created, 0 updated, 3 unchanged');
    } finally {
      log.mockRestore();
    }
  });

  it('staff: create a source, upload a file, read the report', async () => {
    const a = await fx.agent(fx.admin.id);
    const res = await a.post(
      `/staff/${fx.tenant.slug}/events/sources/new`,
      {
        name: 'Jugendzentrum',
        kind: 'file',
        areaId: fx.qmA,
        publishMode: 'review',
        intervalMinutes: '360',
        enabled: 'on',
      },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/sources/new` },
    );
    expect(res.status).toBe(302);
    const url = res.headers.get('location')!.split('?')[0];
    await a.get(url);
    const body = new FormData();
    body.append('_csrf', a.csrfToken()!);
    body.append('file', new File([Buffer.from(messy(2034))], 'jz.ics', { type: 'text/calendar' }));
    const up = await a.request(`${url}/upload`, { method: 'POST', body });
    expect(up.status).toBe(200);
    const html = await up.text();
    expect(html).toContain('Importbericht');
    expect(html).toContain('Veranstaltung ohne Beginn – weggelassen');
    const bad = await a.post(
      `/staff/${fx.tenant.slug}/events/sources/new`,
      { name: '', kind: 'url', url: 'ftp://x' },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/sources/new` },
    );
    expect(bad.status).toBe(422);
    const team = await fx.agent(fx.teamA.id);
    expect((await team.get(`/staff/${fx.tenant.slug}/events/sources`)).status).toBe(403);
  });
});
