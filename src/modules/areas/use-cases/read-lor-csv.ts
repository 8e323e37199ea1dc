import { parse } from 'csv-parse/sync';
import type { LorHierarchyRow } from './import-lor-hierarchy.ts';

/** Column names of the official LOR 2021 table (Amt für Statistik Berlin-Brandenburg). */
const RAW = {
  plrKey: 'Planungsraum (Nummer)',
  plrName: 'Planungsraum (Name)',
  bzrKey: 'Bezirksregion (Nummer)',
  bzrName: 'Bezirksregion (Name)',
  pgrKey: 'Prognoseraum (Nummer)',
  pgrName: 'Prognoseraum (Name)',
  district: 'Bezirk',
} as const;

const DEMO = [
  'plr_key',
  'plr_name',
  'bzr_key',
  'bzr_name',
  'pgr_key',
  'pgr_name',
  'district_name',
  'district_key',
] as const;

export class LorCsvError extends Error {}

const clean = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Reads the LOR 2021 hierarchy from either the raw official CSV (UTF-8 BOM, German headers) or
 * the demo extract format. Keys stay strings (leading zeros). Keys must nest: a Bezirksregion
 * number starts with its Prognoseraum number, a Planungsraum number with its Bezirksregion's.
 */
export function readLorCsv(text: string): LorHierarchyRow[] {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  if (records.length === 0) throw new LorCsvError('The file holds no rows.');
  const headers = Object.keys(records[0]);
  let rows: LorHierarchyRow[];
  if (Object.values(RAW).every((h) => headers.includes(h))) {
    rows = records.map((r) => {
      const plr = clean(r[RAW.plrKey]);
      return {
        plr_key: plr,
        plr_name: clean(r[RAW.plrName]),
        bzr_key: clean(r[RAW.bzrKey]),
        bzr_name: clean(r[RAW.bzrName]),
        pgr_key: clean(r[RAW.pgrKey]),
        pgr_name: clean(r[RAW.pgrName]),
        district_name: clean(r[RAW.district]),
        // The district number is the first two digits of every LOR key.
        district_key: plr.slice(0, 2),
      };
    });
  } else if (DEMO.every((h) => headers.includes(h))) {
    rows = records.map(
      (r) => Object.fromEntries(DEMO.map((h) => [h, clean(r[h])])) as unknown as LorHierarchyRow,
    );
  } else {
    throw new LorCsvError(
      `Unknown columns: expected "${Object.values(RAW).join('", "')}" (official LOR table) or "${DEMO.join('", "')}".`,
    );
  }
  rows.forEach((r, i) => {
    const line = i + 2; // header is line 1
    if (!/^\d{8}$/.test(r.plr_key))
      throw new LorCsvError(`Line ${line}: Planungsraum number "${r.plr_key}" is not 8 digits.`);
    if (!/^\d{6}$/.test(r.bzr_key) || !r.plr_key.startsWith(r.bzr_key))
      throw new LorCsvError(`Line ${line}: Bezirksregion number "${r.bzr_key}" does not match ${r.plr_key}.`);
    if (!/^\d{4}$/.test(r.pgr_key) || !r.bzr_key.startsWith(r.pgr_key))
      throw new LorCsvError(`Line ${line}: Prognoseraum number "${r.pgr_key}" does not match ${r.bzr_key}.`);
    if (!/^\d{2}$/.test(r.district_key) || !r.pgr_key.startsWith(r.district_key))
      throw new LorCsvError(`Line ${line}: district number "${r.district_key}" does not match ${r.pgr_key}.`);
    for (const k of ['plr_name', 'bzr_name', 'pgr_name', 'district_name'] as const)
      if (!r[k]) throw new LorCsvError(`Line ${line}: ${k} is empty.`);
  });
  return rows;
}
