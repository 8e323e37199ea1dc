/**
 * The import of the Berlin directory (the vendored, unchanged file): blank rows, "0" for empty,
 * spreadsheet errors, an ID used twice, free-text hours; Windows-1252 files; a second run creates
 * nothing new.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERLIN } from '../../../test/fixtures.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { getService, listServices, searchServices } from './index.ts';
import { helpFixture } from './testing/fixture.ts';
import { importBerlinServices, readBerlinServices } from './use-cases/import-berlin.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const file = new Uint8Array(readFileSync(BERLIN.services));

describe('reading the Berlin file', () => {
  // What the file holds, counted independently of the import's reader.
  const rows = (
    parse(readFileSync(BERLIN.services, 'utf8').replace(/^\uFEFF/, ''), {
      delimiter: ';',
      relax_column_count: true,
    }) as string[][]
  ).slice(1);
  const blank = rows.filter((r) => r.every((c) => !c.trim())).length;
  const broken = rows.filter((r) => r[1]?.startsWith('#WERT')).length;
  const services = rows.length - blank - broken;

  it('skips blank rows, rejects spreadsheet errors with the reason, keeps an ID used by two services apart', () => {
    const r = readBerlinServices(file);
    expect(r.encoding).toBe('utf-8');
    expect(r.blankRows).toBe(blank);
    expect(r.rejected.map((x) => x.reason)).toEqual(Array(broken).fill('spreadsheet_error'));
    expect(r.records.length + r.merged.length).toBe(services);
    expect(r.keptApart.map((k) => k.id)).toEqual(['530']);
    expect(new Set(r.records.map((x) => x.key)).size).toBe(r.records.length);
  });

  it('reads hours, "0" as empty, the stray Windows-1252 dash, channels and access', () => {
    const r = readBerlinServices(file);
    const abo = r.records.find((x) => x.service.name === 'ABO-Prolog')!.service;
    expect(abo.targetGroups).toEqual([]); // "0"
    expect(abo.locations![0].houseNumber).toBe('24');
    expect(abo.locations![0].name).toBe(''); // Zusatz "0"
    expect(abo.locations![0].hours.mode).toBe('weekly');
    expect(abo.locations![0].hours.intervals).toContainEqual({ day: 1, from: '10:00', to: '15:00' });
    expect(abo.access).toBe('both');
    const u25 = r.records.find((x) => x.service.name.startsWith('[U25]'))!.service;
    expect(u25.locations![0].hours.mode).toBe('always');
    expect(u25.channels).toEqual(['online']);
    expect(u25.cost).toBe('free'); // "Kostenfreie … Mailberatung"
    const notes = r.records.flatMap((x) => x.service.locations!.map((l) => l.hours.note));
    expect(notes.some((n) => n?.includes('10:00 – 12:00 Uhr ohne Termin'))).toBe(true);
    expect(notes.join('')).not.toMatch(/[\u0080-\u009f]/);
  });

  it('detects Windows-1252 and merges a row whose ID and name were seen before', () => {
    const header = readFileSync(BERLIN.services, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    const cols = header.split(';');
    const row = (over: Record<string, string>) => cols.map((c) => over[c] ?? '0').join(';');
    const base = {
      ID: '900',
      Einrichtung: 'Beratung für Mütter',
      Sprachen: 'Deutsch',
      Montag: '10:00 \u2013 12:00',
      'Art der Anmeldung': 'Keine Anmeldung nötig.',
    };
    const text = [
      header,
      row({ ...base, Strasse: 'Koloniestraße', Hausnummer: '1' }),
      ';'.repeat(cols.length - 1),
      row({ ...base, Strasse: 'Soldiner Straße', Hausnummer: '2', Sprachen: 'Türkisch' }),
    ].join('\r\n');
    // Windows-1252: Latin-1 bytes, and the en dash as 0x96.
    const bytes = new Uint8Array([...text].map((ch) => (ch === '\u2013' ? 0x96 : ch.charCodeAt(0))));
    const r = readBerlinServices(bytes);
    expect(r.encoding).toBe('windows-1252');
    expect(r.blankRows).toBe(1);
    expect(r.merged).toEqual([{ line: 4, key: '900' }]);
    expect(r.records).toHaveLength(1);
    const s = r.records[0].service;
    expect(s.name).toBe('Beratung für Mütter');
    expect(s.locations!.map((l) => l.street)).toEqual(['Koloniestraße', 'Soldiner Straße']);
    expect(s.languages).toEqual(['Deutsch', 'Türkisch']);
    expect(s.access).toBe('walk_in');
    expect(s.locations![0].hours.intervals).toEqual([{ day: 1, from: '10:00', to: '12:00' }]);
  });
});

describe('importing it', () => {
  it('creates the services once, flagged for a check; a second run creates nothing new; residents find them', async () => {
    const fx = await helpFixture(ctx);
    const first = await importBerlinServices(fx.actors.admin, ctx.services.db, file);
    const records = readBerlinServices(file).records.length;
    expect(first.created).toBe(records);
    expect(first.updated).toBe(0);
    const list = await listServices(fx.actors.department, ctx.services.db);
    expect(list).toHaveLength(records);
    expect(list.every((s) => s.reviewDue)).toBe(true);
    const second = await importBerlinServices(fx.sys, ctx.services.db, file);
    expect(second.created).toBe(0);
    expect(second.updated).toBe(0);
    expect(second.unchanged).toBe(records);
    expect(await listServices(fx.actors.department, ctx.services.db)).toHaveLength(records);
    // Placed in areas by their coordinates: the fixture's district square covers central Berlin.
    const mitte = list.find((s) => s.name.startsWith('[U25]'))!;
    expect((await getService(fx.actors.department, ctx.services.db, mitte.id)).areaIds).toContain(
      fx.district.id,
    );
    const r = await searchServices(ctx.services.db, fx.tenant.id, { q: 'Ich trinke zu viel Alkohol' });
    expect(r.situations[0].key).toBe('addiction');
    expect(r.hits.length).toBeGreaterThan(0);
    // Only staff who curate the directory import it.
    await expect(importBerlinServices(fx.actors.teamA, ctx.services.db, file)).rejects.toMatchObject({
      status: 403,
    });
  }, 240_000);
});
