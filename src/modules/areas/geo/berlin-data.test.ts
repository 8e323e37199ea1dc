import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointInArea } from './contains.ts';
import { reprojectPoint } from './crs.ts';
import { analyseFeatureCollection } from './validate.ts';

/*
 * Real Berlin open data from the shared data folder next to the project.
 * Skipped where that folder is not available (e.g. a plain CI checkout).
 */
const DATA = resolve(process.cwd(), '../shared/data');
const file = (path: string) => resolve(DATA, path);
const readJson = (path: string): unknown => JSON.parse(readFileSync(file(path), 'utf8'));
const OPTS = { keyProperty: 'id', nameProperty: 'name' };

describe.skipIf(!existsSync(DATA))('real Berlin open data', () => {
  it('parses the 58 Prognoseräume (LOR 2021) without rejections', () => {
    const result = analyseFeatureCollection(
      readJson('berlin-lor/odp-berlin-lor-forecast-areas-from-2021.geojson'),
      OPTS,
    );
    expect(result.crs).toBe('EPSG:4326');
    expect(result.rejections).toEqual([]);
    expect(result.features).toHaveLength(58);
    const keys = result.features.map((f) => f.key);
    expect(keys).toContain('0930');
    expect(keys.every((k) => /^\d{4}$/.test(k))).toBe(true);
    for (const area of result.features) {
      const [minLon, minLat, maxLon, maxLat] = area.bbox;
      expect(minLon).toBeGreaterThan(13.08);
      expect(maxLon).toBeLessThan(13.77);
      expect(minLat).toBeGreaterThan(52.33);
      expect(maxLat).toBeLessThan(52.68);
    }
  });

  it('finds the one duplicate key in the old (until 2020) planning areas', () => {
    // The source has 448 features for 447 Planungsräume.
    const result = analyseFeatureCollection(
      readJson('berlin-lor/odp-berlin-lor-planning-areas-until-2020.geojson'),
      OPTS,
    );
    expect(result.features).toHaveLength(447);
    expect(result.rejections.map((r) => r.code)).toEqual(['duplicate_key']);
  });

  it('places youth centres (Points, EPSG:25833) inside their own district', () => {
    const districts = analyseFeatureCollection(readJson('berlin-lor/odp-berlin-lor-districts.geojson'), OPTS);
    expect(districts.rejections).toEqual([]);
    expect(districts.features).toHaveLength(12);

    const centres = readJson('berlin-services/jugendfreizeiteinrichtungen_2022_epsg25833.geojson') as {
      crs: { properties: { name: string } };
      features: {
        properties: { e_bez_nr: string };
        geometry: { type: string; coordinates: [number, number] };
      }[];
    };
    expect(centres.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::25833');
    expect(centres.features.length).toBeGreaterThan(400);

    let insideAny = 0;
    let insideOwn = 0;
    for (const centre of centres.features) {
      expect(centre.geometry.type).toBe('Point');
      const [x, y] = centre.geometry.coordinates;
      const [lon, lat] = reprojectPoint(x, y, centres.crs.properties.name);
      const hits = districts.features.filter((d) => pointInArea(lon, lat, d.geometry, d.bbox));
      if (hits.length > 0) insideAny++;
      if (hits.some((d) => d.key === centre.properties.e_bez_nr)) insideOwn++;
    }
    expect(insideAny / centres.features.length).toBeGreaterThanOrEqual(0.95);
    // Stronger: the district number recorded in the source matches the geometry.
    expect(insideOwn / centres.features.length).toBeGreaterThanOrEqual(0.95);
  });
});
