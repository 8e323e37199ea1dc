// Definitions of the indicators of the Berlin Monitoring Soziale Stadtentwicklung (MSS) and the
// population table, keyed as the import derives keys from their column headings. An import that meets
// one of these keys creates the indicator with this definition instead of a bare one.

import type { Aggregation, Direction, Unit } from '../domain/vocab.ts';

export interface IndicatorDefinition {
  key: string;
  nameDe: string;
  nameEn: string;
  unit: Unit;
  direction: Direction;
  aggregation: Aggregation;
  weightIndicatorKey?: string;
  source: string;
  licence: string;
  description?: string;
}

const MSS = 'Monitoring Soziale Stadtentwicklung Berlin, Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen / Amt für Statistik Berlin-Brandenburg';
const POP = 'Einwohnerregister, Amt für Statistik Berlin-Brandenburg (A I 16)';
const LICENCE = 'CC BY 3.0 DE';

// Shares are weighted by inhabitants when areas are combined: the MSS denominators (e.g. people
// aged 15–65) are not published per area, so the total population is the nearest weight available.
const share = (key: string, nameDe: string, nameEn: string, direction: Direction): IndicatorDefinition => ({
  key,
  nameDe,
  nameEn,
  unit: 'percent',
  direction,
  aggregation: 'weighted',
  weightIndicatorKey: 'inhabitants',
  source: MSS,
  licence: LICENCE,
});

export const BERLIN_INDICATORS: IndicatorDefinition[] = [
  {
    key: 'inhabitants',
    nameDe: 'Einwohnerinnen und Einwohner',
    nameEn: 'Inhabitants',
    unit: 'people',
    direction: 'neutral',
    aggregation: 'sum',
    source: `${MSS}; ${POP}`,
    licence: LICENCE,
  },
  {
    key: 'status_index',
    nameDe: 'Status-Index (1 hoch … 4 sehr niedrig)',
    nameEn: 'Status index (1 high … 4 very low)',
    unit: 'index',
    direction: 'higher_worse',
    aggregation: 'none',
    source: MSS,
    licence: LICENCE,
    description: 'Klasse des sozialen Status eines Planungsraums im Vergleich mit ganz Berlin.',
  },
  share('s1_percentage_unemployed', 'Arbeitslosigkeit (Anteil in %)', 'Unemployment (share in %)', 'higher_worse'),
  share(
    's2_percentage_long_term_unemployed',
    'Langzeitarbeitslosigkeit (Anteil in %)',
    'Long-term unemployment (share in %)',
    'higher_worse',
  ),
  share(
    's3_percentage_transfer_payments_recipients',
    'Transferbezug (Anteil in %)',
    'Receiving welfare benefits (share in %)',
    'higher_worse',
  ),
  share(
    's4_percentage_transfer_payments_recipients_below_15_years',
    'Kinderarmut: Transferbezug unter 15 Jahren (Anteil in %)',
    'Child poverty: benefits under 15 (share in %)',
    'higher_worse',
  ),
  share('k01_youth_unemployment', 'Jugendarbeitslosigkeit (Anteil in %)', 'Youth unemployment (share in %)', 'higher_worse'),
  share('k02_single_parent_households', 'Alleinerziehende Haushalte (Anteil in %)', 'Single-parent households (share in %)', 'neutral'),
  share('k03_old_age_poverty', 'Altersarmut (Anteil in %)', 'Old-age poverty (share in %)', 'higher_worse'),
  share(
    'k05_inhabitants_with_migration_background',
    'Einwohnerinnen und Einwohner mit Migrationshintergrund (Anteil in %)',
    'Inhabitants with a migration background (share in %)',
    'neutral',
  ),
  share(
    'k10_duration_of_residence_over_5_years',
    'Wohndauer über 5 Jahre (Anteil in %)',
    'Residence over 5 years (share in %)',
    'higher_better',
  ),
  {
    key: 'inhabitants_under_6',
    nameDe: 'Kinder unter 6 Jahren',
    nameEn: 'Children under 6',
    unit: 'people',
    direction: 'neutral',
    aggregation: 'sum',
    source: POP,
    licence: LICENCE,
  },
  {
    key: 'inhabitants_65_plus',
    nameDe: 'Einwohnerinnen und Einwohner ab 65 Jahren',
    nameEn: 'Inhabitants aged 65 and over',
    unit: 'people',
    direction: 'neutral',
    aggregation: 'sum',
    source: POP,
    licence: LICENCE,
  },
  {
    key: 'inhabitants_foreign',
    nameDe: 'Ausländerinnen und Ausländer',
    nameEn: 'Foreign nationals',
    unit: 'people',
    direction: 'neutral',
    aggregation: 'sum',
    source: POP,
    licence: LICENCE,
  },
];

export const berlinIndicator = (key: string) => BERLIN_INDICATORS.find((d) => d.key === key);
