import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseFeatureCollection, pointInArea } from '../geo/index.ts';
import { demoDataFiles, loadBerlinDistricts, loadBerlinLor2021, loadBerlinPrognoseraeume } from './index.ts';

describe('Berlin demo extract', () => {
  it('is small', () => {
    const bytes = statSync(demoDataFiles.districts).size + statSync(demoDataFiles.prognoseraeume).size;
    expect(bytes).toBeLessThan(300_000);
  });

  it('has 12 districts and 58 Prognoseräume that pass upload validation', async () => {
    const districts = await loadBerlinDistricts();
    const prognoseraeume = await loadBerlinPrognoseraeume();
    const opts = { keyProperty: 'key', nameProperty: 'name' };
    const d = analyseFeatureCollection(districts, opts);
    const p = analyseFeatureCollection(prognoseraeume, { ...opts, parentKeyProperty: 'district_key' });
    expect(d.rejections).toEqual([]);
    expect(p.rejections).toEqual([]);
    expect(d.features.map((f) => f.key)).toEqual([
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
    ]);
    expect(p.features).toHaveLength(58);
    expect(p.features.every((f) => /^\d{4}$/.test(f.key) && f.parentKey === f.key.slice(0, 2))).toBe(true);
  });

  it('keeps the hierarchy of the LOR 2021 table consistent with the geometries', async () => {
    const rows = await loadBerlinLor2021();
    const districts = await loadBerlinDistricts();
    const prognoseraeume = await loadBerlinPrognoseraeume();
    expect(rows).toHaveLength(542);
    expect(rows[0]).toEqual({
      plr_key: '01100101',
      plr_name: 'Stülerstraße',
      bzr_key: '011001',
      bzr_name: 'Tiergarten Süd',
      pgr_key: '0110',
      pgr_name: 'Zentrum',
      district_name: 'Mitte',
      district_key: '01',
    });
    const districtNames = new Map(districts.features.map((f) => [f.properties.key, f.properties.name]));
    const pgrKeys = new Set(prognoseraeume.features.map((f) => f.properties.key));
    for (const row of rows) {
      expect(row.plr_key.startsWith(row.bzr_key) && row.bzr_key.startsWith(row.pgr_key)).toBe(true);
      expect(districtNames.get(row.district_key)).toBe(row.district_name);
      expect(pgrKeys.has(row.pgr_key)).toBe(true);
    }
    expect(new Set(rows.map((r) => r.pgr_key)).size).toBe(58);
  });

  it('keeps the shapes recognisable: the TV tower is in Mitte / Zentrum', async () => {
    const [lon, lat] = [13.409419, 52.520817];
    const districts = await loadBerlinDistricts();
    const prognoseraeume = await loadBerlinPrognoseraeume();
    const inDistricts = districts.features
      .filter((f) => pointInArea(lon, lat, f.geometry))
      .map((f) => f.properties.key);
    const inPgr = prognoseraeume.features
      .filter((f) => pointInArea(lon, lat, f.geometry))
      .map((f) => f.properties.key);
    expect(inDistricts).toEqual(['01']);
    expect(inPgr).toEqual(['0110']);
  });
});
