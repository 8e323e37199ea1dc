import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BERLIN } from '../../../test/fixtures.ts';
import { rows } from '../../platform/db/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { registerNetworkCli } from './cli.ts';
import { networkActors, networkVenues } from './db/schema.ts';
import { networkFixture } from './test/fixtures.ts';
import { listActors } from './use-cases/actors.ts';
import { parseImportFile, runImport } from './use-cases/import.ts';
import { importYouthCentres } from './use-cases/import-youth-centres.ts';

/** All 407 Berlin youth centres (vendored whole, test/fixtures/SOURCES.md). */
const JFE = BERLIN.youthCentres;

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

const CSV = [
  '\uFEFFNr;Einrichtung;Art;Themen;E-Mail;PLZ;lat;lon;Multiplikator',
  '1;Stadtteilladen Nord;Verein;Nachbarschaft, Kultur;info@laden.example;13359;52.5570;13.3760;ja',
  '2;Moschee-Gemeinde Beispiel;church;;kontakt@example;13359;;;nein',
  '3;;Initiative;;;1335;;;',
  '4;Kita Sonnenschein;daycare;Tanzen;;13357;52.55;999;vielleicht',
  '5;Seniorentreff Mitte;Verein;Familie;;10115;;;',
].join('\r\n');

describe('import from CSV and GeoJSON', () => {
  it('reports every rejected row with its reasons and imports nothing (all or nothing)', async () => {
    const db = ctx.services.db;
    const parsed = parseImportFile('akteure.csv', CSV);
    expect(parsed.columns).toContain('Einrichtung');
    const mapping = {
      key: 'Nr',
      name: 'Einrichtung',
      orgType: 'Art',
      fields: 'Themen',
      email: 'E-Mail',
      postcode: 'PLZ',
      lat: 'lat',
      lon: 'lon',
      isMultiplier: 'Multiplikator',
    };
    const labels = (list: string, v: string) =>
      ({
        verein: 'association',
        nachbarschaft: 'neighbourhood',
        kultur: 'culture',
        familie: 'family',
        initiative: 'initiative',
      })[v.toLowerCase()] ?? (list ? undefined : undefined);
    const report = await runImport(db, fx.tenant.id, parsed, {
      target: 'organisation',
      mapping,
      fileName: 'akteure.csv',
      labelToCode: labels,
    });
    expect(report.imported).toBe(false);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    const reasons = Object.fromEntries(
      report.rejected.map((r) => [r.line, r.reasons.map((x) => `${x.field}:${x.code}`)]),
    );
    expect(reasons[3]).toEqual(['email:email']);
    expect(reasons[4]).toEqual(['name:required', 'postcode:postcode']);
    expect(reasons[5]).toEqual(
      expect.arrayContaining(['lat:coordinates', 'fields:unknownValue', 'isMultiplier:boolean']),
    );
    expect((await listActors(db, fx.tenant.id, { q: 'Stadtteilladen', scope: null })).total).toBe(0);

    const partial = await runImport(db, fx.tenant.id, parsed, {
      target: 'organisation',
      mapping,
      fileName: 'akteure.csv',
      labelToCode: labels,
      skipRejected: true,
    });
    expect(partial.imported).toBe(true);
    expect(partial.created).toBe(2);
    const laden = (await listActors(db, fx.tenant.id, { q: 'Stadtteilladen Nord', scope: null })).items[0];
    expect(laden.orgType).toBe('association');
    expect(laden.fields).toEqual(['neighbourhood', 'culture']);
    expect(laden.isMultiplier).toBe(true);
    expect(laden.areaIds).toContain(fx.mitte.id);
    // Re-import with the same keys updates instead of duplicating.
    const again = await runImport(db, fx.tenant.id, parsed, {
      target: 'organisation',
      mapping,
      fileName: 'akteure.csv',
      labelToCode: labels,
      skipRejected: true,
    });
    expect([again.created, again.updated]).toEqual([0, 2]);
  });

  it('rolls the whole file back when writing fails half-way', async () => {
    const db = ctx.services.db;
    const parsed = parseImportFile(
      'orte.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Ort Eins' },
            geometry: { type: 'Point', coordinates: [13.4, 52.5] },
          },
          {
            type: 'Feature',
            properties: { name: 'Ort Zwei' },
            geometry: { type: 'Point', coordinates: [13.41, 52.51] },
          },
        ],
      }),
    );
    // The second insert fails inside the transaction (a trigger stands in for a crash).
    await db.execute(
      sql.raw(
        `create or replace function net_test_fail() returns trigger language plpgsql as $$ begin if new.name = 'Ort Zwei' then raise exception 'boom'; end if; return new; end $$`,
      ),
    );
    await db.execute(
      sql.raw(
        'create trigger net_test_fail before insert on network_venues for each row execute function net_test_fail()',
      ),
    );
    try {
      await expect(
        runImport(db, fx.tenant.id, parsed, {
          target: 'venue',
          mapping: { name: 'name' },
          fileName: 'orte.geojson',
        }),
      ).rejects.toThrow();
    } finally {
      await db.execute(sql.raw('drop trigger net_test_fail on network_venues'));
    }
    const left = await db
      .select()
      .from(networkVenues)
      .where(and(eq(networkVenues.tenantId, fx.tenant.id), eq(networkVenues.name, 'Ort Eins')));
    expect(left).toHaveLength(0);
    const ok = await runImport(db, fx.tenant.id, parsed, {
      target: 'venue',
      mapping: { name: 'name' },
      fileName: 'orte.geojson',
    });
    expect(ok.created).toBe(2);
  });

  it('walks through upload, mapping, check and import on the screens, with the report', async () => {
    const a = await fx.agent(fx.admin.id);
    await a.get(`${fx.base}/import`);
    const form = new FormData();
    form.set('_csrf', a.csrfToken()!);
    form.set('kind', 'organisation');
    form.set('file', new File([CSV], 'akteure.csv', { type: 'text/csv' }));
    const mapping = await a.request(`${fx.base}/import`, { method: 'POST', body: form });
    expect(mapping.status).toBe(200);
    const html = await mapping.text();
    expect(html).toContain('Spalten zuordnen');
    // The mapping is guessed from the header.
    expect(html).toMatch(/name="map\.name"[\s\S]*?<option value="Einrichtung" selected=""/);
    const payload = /name="payload" value="([^"]*)"/
      .exec(html)![1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    const res = await a.post(`${fx.base}/import/run`, {
      target: 'organisation',
      fileName: 'akteure.csv',
      payload,
      'map.name': 'Einrichtung',
      'map.email': 'E-Mail',
      'map.postcode': 'PLZ',
      mode: 'run',
    });
    expect(res.status).toBe(422);
    const report = await res.text();
    expect(report).toContain('Nichts importiert.');
    expect(report).toContain('keine gültige E-Mail-Adresse');
    expect(report).toContain('keine fünfstellige PLZ');
  });
});

describe('Berlin youth centres', () => {
  it('imports the real youth centres as organisations and venues, placed in their districts, and the providers that run them', async () => {
    const db = ctx.services.db;
    const text = readFileSync(JFE, 'utf8');
    const report = await importYouthCentres(db, fx.tenant.id, text, { fileName: 'jfe.geojson' });
    expect(report.rejected).toEqual([]);
    expect(report.imported).toBe(true);
    expect(report.created).toBe(407);
    expect(report.unplaced).toBe(0);
    // Every centre lies in the district the dataset names.
    const r = rows<{ name: string; district: string; source_key: string }>(
      await db.execute(sql`
        select a.name, d.name as district, a.source_key
          from network_actors a
          join areas d on d.tenant_id = a.tenant_id and d.kind = 'district' and d.id = any(a.area_ids)
         where a.tenant_id = ${fx.tenant.id} and a.org_type = 'youth_centre'`),
    );
    expect(r.length).toBe(407);
    const doc = JSON.parse(text) as { features: { properties: { e_nr: string; e_bez: string } }[] };
    const expected = new Map(doc.features.map((f) => [`jfe:${f.properties.e_nr}`, f.properties.e_bez]));
    const wrong = r.filter((x) => expected.get(x.source_key) !== x.district);
    expect(wrong).toEqual([]);
    const oase = (await listActors(db, fx.tenant.id, { q: 'Jugendzentum Die OASE', scope: null })).items[0];
    expect(oase.name).toBe('Kinder- & Jugendzentrum Die OASE');
    expect(oase.areaIds).toContain(fx.mitte.id);
    const venues = await db.select().from(networkVenues).where(eq(networkVenues.tenantId, fx.tenant.id));
    expect(venues.filter((v) => v.sourceKey?.startsWith('jfe:')).length).toBe(407);
    const providers = await db
      .select()
      .from(networkActors)
      .where(
        and(eq(networkActors.tenantId, fx.tenant.id), sql`${networkActors.sourceKey} like 'jfe-provider:%'`),
      );
    expect(providers.length).toBeGreaterThan(50);
    const runs = rows<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from network_relations where tenant_id = ${fx.tenant.id} and type = 'runs'`,
      ),
    );
    expect(Number(runs[0].n)).toBe(407);
  }, 120_000);

  it('runs the same import from the command line, repeatably', async () => {
    const program = new Command().exitOverride();
    registerNetworkCli(program, (fn) => fn(ctx.services));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await program.parseAsync(
        ['network', 'import', '--tenant', fx.tenant.slug, '--file', JFE, '--kind', 'youth-centres'],
        { from: 'user' },
      );
      expect(log.mock.calls.flat().join('\n')).toContain('407 rows, 0 created, 407 updated, 0 rejected');
      const csv = `${process.env.TMPDIR ?? '/tmp'}/net-cli-${Date.now()}.csv`;
      (await import('node:fs')).writeFileSync(csv, CSV);
      log.mockClear();
      await program.parseAsync(
        [
          'network',
          'import',
          '--tenant',
          fx.tenant.slug,
          '--file',
          csv,
          '--map',
          'name=Einrichtung',
          '--dry-run',
        ],
        { from: 'user' },
      );
      const out = log.mock.calls.flat().join('\n');
      expect(out).toContain('line 4: name: required value missing');
      expect(out).toContain('Dry run: nothing was written.');
    } finally {
      log.mockRestore();
    }
  }, 120_000);
});
