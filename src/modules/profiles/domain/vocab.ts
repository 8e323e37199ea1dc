/** Units of an indicator value. */
export const UNITS = ['percent', 'count', 'people', 'index', 'ratio', 'per_1000', 'euro', 'years'] as const;
export type Unit = (typeof UNITS)[number];

/** Whether a higher value is better, worse, or neither (for colour ramps and comparisons). */
export const DIRECTIONS = ['higher_better', 'higher_worse', 'neutral'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** How values of higher levels are derived: summed (counts), weighted by another indicator, or not at all. */
export const AGGREGATIONS = ['sum', 'weighted', 'none'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Why a row or a cell of an import file was not imported. */
export const SKIP_REASONS = [
  'unknownArea',
  'notANumber',
  'missingValue',
  'missingPeriod',
  'unknownIndicator',
  'oldKeyUnmapped',
  'mergedNotAggregable',
  'ambiguousArea',
  'duplicateRow',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** One row (line of the file) or cell not imported, and why. */
export interface SkippedRow {
  line: number;
  /** The area key or name as written in the file. */
  area: string;
  /** The column or indicator the cell belongs to ('' for the whole row). */
  column: string;
  reason: SkipReason;
  /** The raw text that could not be read. */
  raw?: string;
}

/** How one old (pre-2021) Berlin LOR key was carried over to the 2021 planning areas. */
export interface OldKeyMapping {
  oldKey: string;
  kind: 'one_to_one' | 'split' | 'merged';
  targets: { key: string; share: number }[];
}

/** What an import did and what it left out (stored with the import, shown on the screen). */
export interface ImportReport {
  format: {
    layout: 'wide' | 'long';
    separator: string;
    decimal: ',' | '.';
    encoding: 'utf-8' | 'windows-1252';
    bom: boolean;
  };
  period: string | null;
  indicators: string[];
  rows: number;
  imported: number;
  updated: number;
  derived: number;
  skipped: SkippedRow[];
  /** Only for files with old LOR keys. */
  oldKeys?: OldKeyMapping[];
}
