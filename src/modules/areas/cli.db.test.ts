import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BERLIN } from '../../../test/fixtures.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { registerAreasCli } from './cli.ts';
import { placeAddress } from './use-cases/place.ts';

let ctx: TestContext;
let slug: string;
let tenantId: string;
const dir = mkdtempSync(join(tmpdir(), 'quartier-cli-'));

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  tenantId = tenant.id;
});
afterAll(() => ctx.close());
afterEach(() => vi.restoreAllMocks());

/** Runs `quartier <args>` against the test services; returns exit code and printed lines. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const program = new Command('quartier')
    .exitOverride()
    .configureOutput({ writeErr: (s) => err.push(s.trim()), writeOut: () => {} });
  registerAreasCli(program, (fn) => fn(ctx.services));
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode, out, err };
    throw e;
  } finally {
    vi.restoreAllMocks();
  }
}

describe('quartier areas import', () => {
  const pgr = BERLIN.prognoseraeume;
  const pgrCount = (JSON.parse(readFileSync(pgr, 'utf8')) as { features: unknown[] }).features.length;

  it('prints the report of a dry run', async () => {
    const r = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'prognoseraum',
      '--file',
      pgr,
      '--key-property',
      'id',
      '--name-property',
      'name',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('CRS: EPSG:4326');
    expect(r.out).toContain(`created ${pgrCount}, updated 0, unchanged 0, rejected 0`);
    expect(r.out[0]).toMatch(/^Dry run/);
  });

  it('prints one English line per rejection and exits with 1 when the whole file is rejected', async () => {
    const file = join(dir, 'projected.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'A', name: 'A' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [391000, 5820000],
                  [392000, 5820000],
                  [392000, 5821000],
                  [391000, 5820000],
                ],
              ],
            },
          },
        ],
      }),
    );
    const r = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'free',
      '--file',
      file,
      '--key-property',
      'id',
      '--name-property',
      'name',
    );
    expect(r.code).toBe(1);
    expect(r.out.at(-1)).toBe(
      'rejected file: The coordinates look projected (metres, e.g. 391000, 5820000), not longitude/latitude – choose the source projection (e.g. EPSG:25833 for Berlin).',
    );
    const fixed = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'free',
      '--file',
      file,
      '--key-property',
      'id',
      '--name-property',
      'name',
      '--source-crs',
      'EPSG:25833',
    );
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('created 1, updated 0, unchanged 0, rejected 0');
  });

  it('names a rejected feature by number and key', async () => {
    const file = join(dir, 'dupes.geojson');
    const sq = {
      type: 'Polygon',
      coordinates: [
        [
          [13.4, 52.5],
          [13.41, 52.5],
          [13.41, 52.51],
          [13.4, 52.5],
        ],
      ],
    };
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { id: 'D', name: 'D' }, geometry: sq },
          { type: 'Feature', properties: { id: 'D', name: 'D2' }, geometry: sq },
        ],
      }),
    );
    const r = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'stadtteil',
      '--file',
      file,
      '--key-property',
      'id',
      '--name-property',
      'name',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('rejected feature 2 (key D): The key "D" occurs twice (first in entry 1).');
  });

  it('refuses wrong arguments with one clear line', async () => {
    const base = ['--file', pgr, '--key-property', 'id', '--name-property', 'name'];
    const unknownTenant = await cli('areas', 'import', '--tenant', 'nope', '--kind', 'district', ...base);
    expect(unknownTenant).toMatchObject({ code: 1, err: ['Error: Unknown tenant: "nope".'] });
    const unknownKind = await cli('areas', 'import', '--tenant', slug, '--kind', 'county', ...base);
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.err[0]).toMatch(/^Error: Unknown area kind for --kind: "county"/);
    const missing = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'district',
      '--file',
      join(dir, 'missing.json'),
      '--key-property',
      'id',
      '--name-property',
      'name',
    );
    expect(missing).toMatchObject({ code: 1, err: [`Error: File not found: ${join(dir, 'missing.json')}`] });
    const noKey = await cli(
      'areas',
      'import',
      '--tenant',
      slug,
      '--kind',
      'district',
      '--file',
      pgr,
      '--name-property',
      'name',
    );
    expect(noKey.code).toBe(1);
    expect(noKey.err.join(' ')).toContain("required option '--key-property <name>' not specified");
  });
});

describe('quartier areas import-lor and import-addresses', () => {
  it('imports the official LOR table and then addresses, printing counts and speed', async () => {
    const lor = await cli('areas', 'import-lor', '--tenant', slug, '--file', BERLIN.lorTable);
    expect(lor.code).toBe(0);
    expect(lor.out).toContain('  planungsraum: created 542, updated 0, unchanged 0');
    expect(lor.out).toContain('  bezirksregion: created 143, updated 0, unchanged 0');

    const file = join(dir, 'addresses.csv.gz');
    writeFileSync(
      file,
      gzipSync(
        'hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n' +
          '12,,Soldiner Straße,13359,Gesundbrunnen,Soldiner Straße,01300732\n' +
          '1,B,Ackerstraße,10115,Mitte,Invalidenstraße,01100415\n' +
          '1,,Teststraße,10115,Mitte,Nirgendwo,99999999\n',
      ),
    );
    const addr = await cli('areas', 'import-addresses', '--tenant', slug, '--file', file);
    expect(addr.code).toBe(0);
    expect(addr.out[0]).toMatch(
      new RegExp(`^3 addresses imported into ${slug} in \\d+\\.\\d s \\(\\d+ rows/s\\)$`),
    );
    expect(addr.out[1]).toBe(
      '1 Planungsraum numbers are not areas of this tenant yet (run "areas import-lor" first)',
    );
    const placed = await placeAddress(ctx.services.db, tenantId, { street: 'Ackerstr.', houseNumber: '1b' });
    expect(placed?.path.map((a) => a.key)).toEqual(['01100415', '011004', '0110', '01']);
  });

  it('refuses a CSV that is not an LOR table', async () => {
    const file = join(dir, 'other.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const r = await cli('areas', 'import-lor', '--tenant', slug, '--file', file);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^Error: Cannot read .*other\.csv: Unknown columns/);
  });
});
