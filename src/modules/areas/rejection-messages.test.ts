import { describe, expect, it } from 'vitest';
import { commonTranslations } from '../../platform/i18n/common.ts';
import { createI18n } from '../../platform/i18n/index.ts';
import type { RejectionCode } from './geo/index.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { jsonErrorPosition } from './json-error.ts';
import { rejectionMessage } from './rejection-messages.ts';
import type { ImportRejection } from './use-cases/import-boundaries.ts';

const i18n = createI18n({ common: commonTranslations, areas: { de, en } });

/** One realistic rejection per code, with the details the geo library produces. */
const samples: Record<RejectionCode | 'invalid_json', ImportRejection['detail'][]> = {
  invalid_json: [
    { message: 'Unexpected token', line: 3, column: 7 },
    { message: 'Unexpected end' },
    { reason: 'empty' },
  ],
  not_a_feature_collection: [{ type: 'Feature' }],
  missing_geometry: [{ reason: 'null' }, { reason: 'not_a_feature', type: 'string' }, { reason: 'empty' }],
  unsupported_geometry: [{ type: 'LineString' }],
  unclosed_ring: [{ polygon: 0, ring: 1, count: 5 }],
  too_few_points: [
    { polygon: 0, ring: 0, count: 3 },
    { polygon: 1, ring: 0, count: 2, reason: 'degenerate' },
  ],
  coordinates_out_of_range: [{ polygon: 0, ring: 0, position: 3, x: 200, y: 52.5 }],
  lat_lon_swapped: [{ polygon: 0, ring: 0, x: 52.5, y: 13.4 }],
  missing_key: [{ property: 'PLR_ID' }],
  duplicate_key: [{ key: '0930', firstIndex: 4 }],
  missing_name: [{ property: 'name' }],
  unknown_crs: [
    { crs: 'EPSG:31468' },
    { hint: 'projected_coordinates', x: 391841.9, y: 5822078.3 },
    { crs: 'EPSG:25833', hint: 'geographic_coordinates', x: 13.4, y: 52.5 },
  ],
  self_intersection: [{ polygon: 0, ring: 0, segmentA: 2, segmentB: 7, lon: 13.41, lat: 52.52 }],
  invalid_coordinates: [{ reason: 'not_an_array' }, { polygon: 0, ring: 0, position: 2, value: '["a",1]' }],
};

describe('rejectionMessage', () => {
  for (const lang of ['de', 'en'] as const) {
    it(`has a complete ${lang} message for every rejection code`, () => {
      const t = i18n.t(lang);
      for (const [code, details] of Object.entries(samples)) {
        for (const detail of details) {
          const m = rejectionMessage(t, { index: 0, code: code as ImportRejection['code'], detail });
          expect(m, `${code} ${JSON.stringify(detail)}`).not.toMatch(/\{\{|areas:|rejections\.|undefined|\?/);
          expect(m.length).toBeGreaterThan(15);
        }
      }
    });
  }

  it('names the facts needed to fix the file', () => {
    const t = i18n.t('en');
    const m = (code: ImportRejection['code'], detail: ImportRejection['detail']) =>
      rejectionMessage(t, { index: 0, code, detail });
    expect(m('unclosed_ring', { polygon: 0, ring: 1, count: 5 })).toContain('Ring 2 of part 1');
    expect(m('coordinates_out_of_range', { polygon: 0, ring: 0, position: 3, x: 200, y: 52.5 })).toContain(
      '(200, 52.5)',
    );
    expect(m('duplicate_key', { key: '0930', firstIndex: 4 })).toContain(
      '"0930" occurs twice (first in entry 5)',
    );
    expect(m('unknown_crs', { crs: 'EPSG:31468' })).toContain('"EPSG:31468" is not supported');
    expect(m('unknown_crs', { hint: 'projected_coordinates', x: 391841.9, y: 5822078.3 })).toContain(
      'look projected (metres, e.g. 391841.9, 5822078.3), not longitude/latitude – choose the source projection',
    );
    expect(
      m('self_intersection', { polygon: 0, ring: 0, segmentA: 2, segmentB: 7, lon: 13.41, lat: 52.52 }),
    ).toContain('crosses itself at 13.41, 52.52');
  });
});

describe('jsonErrorPosition', () => {
  it('points at the first character that breaks the JSON', () => {
    expect(jsonErrorPosition('{"a": [1, 2}')).toEqual({ offset: 11, line: 1, column: 12 });
    expect(jsonErrorPosition('{\n  "a": tru\n}')).toMatchObject({ line: 2, column: 8 });
    expect(jsonErrorPosition('{"a": "x"} trailing')).toMatchObject({ line: 1, column: 12 });
    expect(jsonErrorPosition('')).toMatchObject({ offset: 0 });
  });

  it('accepts valid JSON', () => {
    expect(jsonErrorPosition('{"a": [1, -2.5e3, "\\u00e4\\n", true, false, null, {}], "b": []}')).toBeNull();
  });
});
