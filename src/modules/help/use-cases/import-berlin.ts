/**
 * Import of the Berlin directory of psychosocial services ("hilf-mir Berlin", Land Berlin open
 * data: one row per service, `;`-separated, opening hours as free text per weekday). The file is
 * messy, and the import says what it did with every row:
 * - encoding: UTF-8 (with or without BOM) or Windows-1252, detected; stray Windows-1252 bytes inside
 *   UTF-8 text (U+0080–U+009F, e.g. the dash \x96) become the characters they meant;
 * - blank rows are skipped, "0" is an empty cell, "#WERT!" (a spreadsheet error) rows are rejected;
 * - a row whose ID was seen before with the same name is merged into that service (its place added);
 *   the same ID with another name is a different service and kept apart under its own key;
 * - weekday hours are read by domain/hours.ts; what cannot be read stays as the place's note.
 * A second run finds every service again by its key (`source_key`) and creates nothing new.
 */
import { parse } from 'csv-parse/sync';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { hoursFromBerlinRow, WEEKDAY_COLUMNS } from '../domain/hours.ts';
import { fold } from '../domain/query.ts';
import type { Channel } from '../domain/vocab.ts';
import { authorizeCurate } from '../policies.ts';
import type { LocationInput, ServiceInput, ServiceValues } from '../schemas.ts';
import { serviceSchema } from '../schemas.ts';
import {
  createService,
  loadService,
  type Service,
  searchLexicon,
  servicesBySourceKey,
  updateService,
} from './services.ts';
import { ensureVocabulary } from './vocabulary.ts';

/** Windows-1252 meanings of the bytes 0x80–0x9F (undefined ones stay as they are). */
const CP1252: Record<number, string> = {
  128: '€',
  130: '‚',
  131: 'ƒ',
  132: '„',
  133: '…',
  134: '†',
  135: '‡',
  136: 'ˆ',
  137: '‰',
  138: 'Š',
  139: '‹',
  140: 'Œ',
  142: 'Ž',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  149: '•',
  150: '–',
  151: '—',
  152: '˜',
  153: '™',
  154: 'š',
  155: '›',
  156: 'œ',
  158: 'ž',
  159: 'Ÿ',
};

export type Encoding = 'utf-8' | 'windows-1252';

/** The text of the file and the encoding it was in. */
export function decodeFile(bytes: Uint8Array): { text: string; encoding: Encoding } {
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    encoding = 'windows-1252';
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  text = text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0)] ?? c);
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

/** A cell as the file means it: trimmed, "0" and spreadsheet errors as empty. */
const cell = (v: string | undefined): string => {
  const s = (v ?? '').trim();
  return s === '0' || s.startsWith('#') ? '' : s;
};
const list = (v: string | undefined): string[] =>
  cell(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== '0' && !s.startsWith('#'));

/** The file's keywords ("Schlagworte") → topics of the directory. */
const KEYWORD_TOPICS: [RegExp, string][] = [
  [/alkohol|drogen|medikamente|kiffen|glucksspiel|gaming/, 'addiction'],
  [/angst|traurigkeit|einsamkeit|stimmen|essverhalten|beziehung|erkrankung|infektion/, 'health'],
  [/schwangerschaft|angehorige/, 'family'],
  [/kinder|jugendliche/, 'sgb8'],
  [/migration/, 'migration'],
  [/gewalt/, 'violence'],
];

function channelsOf(v: string): Channel[] {
  const f = fold(v);
  const out: Channel[] = [];
  if (f.includes('vor ort')) out.push('in_person');
  if (f.includes('telefon')) out.push('phone');
  if (f.includes('video')) out.push('video');
  if (f.includes('online') || f.includes('chat')) out.push('online');
  if (f.includes('ausserhalb')) out.push('outreach');
  if (f.includes('ruckruf')) out.push('callback');
  return out;
}

function accessOf(v: string): ServiceInput['access'] {
  const f = fold(v);
  if (f.startsWith('keine anmeldung')) return 'walk_in';
  if (f.startsWith('bitte termin')) return 'appointment';
  if (f.startsWith('termine konnen')) return 'both';
  return 'unknown';
}

export interface BerlinRecord {
  /** Line in the file where the row starts (1 = header). */
  line: number;
  key: string;
  service: ServiceInput;
}

export interface ImportRejection {
  line: number;
  id: string;
  reason: 'spreadsheet_error' | 'no_name' | 'invalid';
  detail?: string;
}

export interface BerlinReadResult {
  encoding: Encoding;
  records: BerlinRecord[];
  rejected: ImportRejection[];
  /** Rows merged into a service of an earlier row with the same ID and name (line → key). */
  merged: { line: number; key: string }[];
  /** Rows whose ID was used by another service: kept as their own service under another key. */
  keptApart: { line: number; id: string; key: string }[];
  blankRows: number;
  /** The file is no Berlin directory: columns it must have and lacks, or `unreadable` (not CSV). */
  fileProblem?: { code: 'missing_columns'; columns: string[] } | { code: 'unreadable'; detail: string };
}

/** Columns a file must have to be read as the Berlin directory. */
export const BERLIN_REQUIRED_COLUMNS = ['ID', 'Einrichtung'] as const;

/** Reads the file into services (pure: no database). */
export function readBerlinServices(bytes: Uint8Array): BerlinReadResult {
  const { text, encoding } = decodeFile(bytes);
  const out: BerlinReadResult = {
    encoding,
    records: [],
    rejected: [],
    merged: [],
    keptApart: [],
    blankRows: 0,
  };
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      delimiter: ';',
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as typeof rows;
  } catch (err) {
    out.fileProblem = { code: 'unreadable', detail: err instanceof Error ? err.message.slice(0, 300) : '' };
    return out;
  }
  const header = rows[0]?.record.map((h) => h.trim()) ?? [];
  const col = (name: string) => header.findIndex((h) => fold(h) === fold(name));
  const at = (r: string[], name: string) => r[col(name)] ?? '';
  const missing = BERLIN_REQUIRED_COLUMNS.filter((c) => col(c) < 0);
  if (missing.length) {
    out.fileProblem = { code: 'missing_columns', columns: missing };
    return out;
  }
  const byKey = new Map<string, BerlinRecord>();
  const nameOfId = new Map<string, string>();
  let prevEnd = 1;
  for (const { record: r, info } of rows.slice(1)) {
    const line = prevEnd + 1;
    prevEnd = info.lines;
    if (r.every((c) => !c.trim())) {
      out.blankRows++;
      continue;
    }
    const rawId = (at(r, 'ID') ?? '').trim();
    if (r.some((c) => c.trim().startsWith('#WERT')) && !cell(at(r, 'Einrichtung'))) {
      out.rejected.push({ line, id: rawId, reason: 'spreadsheet_error' });
      continue;
    }
    const name = cell(at(r, 'Einrichtung'));
    if (!name) {
      out.rejected.push({ line, id: rawId, reason: 'no_name' });
      continue;
    }
    // The same ID with the same name is one service at another place; with another name, another service.
    let key = rawId || `name:${fold(name)}`;
    const seen = nameOfId.get(key);
    if (seen !== undefined && seen !== fold(name)) {
      key = `${rawId}:${fold(name)
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60)}`;
      out.keptApart.push({ line, id: rawId, key });
    } else nameOfId.set(key, fold(name));

    const keywords = list(at(r, 'Schlagworte'));
    const barrier = fold(cell(at(r, 'Barrierefreiheit')));
    const lat = Number.parseFloat(cell(at(r, 'lat')).replace(',', '.'));
    const lon = Number.parseFloat(cell(at(r, 'long')).replace(',', '.'));
    const location: LocationInput = {
      // "Zusatz" says where at the address ("Rathaus Mitte, 9. Etage", "Eingang über Haus D").
      name: cell(at(r, 'Zusatz')).slice(0, 200),
      street: cell(at(r, 'Strasse')) || undefined,
      houseNumber: cell(at(r, 'Hausnummer')) || undefined,
      postcode: cell(at(r, 'PLZ')) || undefined,
      city: 'Berlin',
      district: cell(at(r, 'Bezirk')) || undefined,
      ...(Number.isFinite(lat) && Number.isFinite(lon) && lat !== 0 ? { lat, lon } : {}),
      stepFree: barrier.includes('rollstuhl') ? true : null,
      accessibility: [
        ...(barrier.includes('rollstuhl') ? (['step_free'] as const) : []),
        ...(barrier.includes('gebardensprach') ? (['sign_language'] as const) : []),
      ],
      hours: hoursFromBerlinRow({
        days: WEEKDAY_COLUMNS.map((d) => at(r, d)),
        allWeek: at(r, '24 h/7 Tage'),
        appointment: at(r, 'Art der Anmeldung'),
        further: at(r, 'Weitere Öffnungszeiten'),
      }),
    };
    const earlier = byKey.get(key);
    if (earlier) {
      earlier.service.locations = [...(earlier.service.locations ?? []), location];
      earlier.service.languages = [
        ...new Set([...(earlier.service.languages ?? []), ...list(at(r, 'Sprachen'))]),
      ];
      out.merged.push({ line, key });
      continue;
    }
    const about = cell(at(r, 'Über uns'));
    const website = cell(at(r, 'Website'));
    const email = cell(at(r, 'EMail')).toLowerCase();
    const topics = [
      ...new Set(KEYWORD_TOPICS.filter(([re]) => keywords.some((k) => re.test(fold(k)))).map(([, t]) => t)),
    ];
    const service: ServiceInput = {
      name,
      providerName: cell(at(r, 'Träger')),
      description: about,
      topics: ['health', ...topics.filter((t) => t !== 'health')],
      targetGroups: list(at(r, 'Zielgruppe')),
      languages: list(at(r, 'Sprachen')),
      cost: /kostenfrei|kostenlos|gratis|unentgeltlich/i.test(about) ? 'free' : 'unknown',
      access: accessOf(at(r, 'Art der Anmeldung')),
      channels: channelsOf(at(r, 'Beratungsmöglichkeiten')),
      phone:
        cell(at(r, 'Telefonnummer'))
          .replace(/[^\d +()/-]/g, '')
          .slice(0, 40) || undefined,
      email: /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(email) ? email : undefined,
      website: website ? (/^https?:\/\//i.test(website) ? website : `https://${website}`) : undefined,
      keywords,
      locations: [location],
    };
    const rec = { line, key, service };
    byKey.set(key, rec);
    out.records.push(rec);
  }
  // Anything the service schema refuses is rejected with the fields it names (never half-imported).
  out.records = out.records.filter((rec) => {
    const ok = serviceSchema.safeParse(rec.service);
    if (ok.success) return true;
    out.rejected.push({
      line: rec.line,
      id: rec.key,
      reason: 'invalid',
      detail: ok.error.issues.map((i) => i.path.join('.')).join(', '),
    });
    return false;
  });
  return out;
}

export type RowOutcome = 'new' | 'updated' | 'unchanged';

export interface BerlinImportReport {
  encoding: Encoding;
  created: number;
  updated: number;
  /** Found again and the same as stored: left as it is. */
  unchanged: number;
  merged: BerlinReadResult['merged'];
  keptApart: BerlinReadResult['keptApart'];
  rejected: ImportRejection[];
  blankRows: number;
  fileProblem?: BerlinReadResult['fileProblem'];
  /** Each service of the file with what the import does (or did) with it. */
  rows: { line: number; key: string; name: string; outcome: RowOutcome }[];
}

/** JSON with its keys sorted, so a value read back from jsonb compares equal to the one written. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** What an import writes, in one comparable form (fields staff keep for themselves left out). */
function imported(v: ServiceValues) {
  return stable({
    name: v.name,
    providerName: v.providerName,
    description: v.description,
    topics: [...v.topics].sort(),
    targetGroups: v.targetGroups,
    languages: v.languages,
    cost: v.cost,
    costNote: v.costNote,
    eligibility: v.eligibility,
    access: v.access,
    channels: v.channels,
    phone: v.phone || null,
    email: v.email || null,
    website: v.website || null,
    keywords: v.keywords,
    locations: v.locations.map((l) => ({
      name: l.name,
      street: l.street ?? null,
      houseNumber: l.houseNumber ?? null,
      postcode: l.postcode ?? null,
      city: l.city ?? null,
      district: l.district ?? null,
      lat: l.lat ?? null,
      lon: l.lon ?? null,
      stepFree: l.stepFree,
      accessibility: l.accessibility,
      hours: l.hours,
    })),
  });
}

function storedAsImported(s: Service): string {
  return imported({
    ...s,
    phone: s.phone ?? undefined,
    email: s.email ?? undefined,
    website: s.website ?? undefined,
    providerActorId: s.providerActorId ?? undefined,
    reviewerId: s.reviewerId ?? undefined,
    locations: s.locations.map((l) => ({
      ...l,
      street: l.street ?? undefined,
      houseNumber: l.houseNumber ?? undefined,
      postcode: l.postcode ?? undefined,
      city: l.city ?? undefined,
      district: l.district ?? undefined,
      lat: l.lat ?? undefined,
      lon: l.lon ?? undefined,
      areaId: undefined,
      venueId: undefined,
    })),
  } as ServiceValues);
}

interface Planned {
  rec: BerlinRecord;
  outcome: RowOutcome;
  /** The stored service it updates. */
  current?: Service;
}

/** Which services of the file are new, changed or the same as stored (reads only). */
async function plan(db: Db, tenantId: string, read: BerlinReadResult): Promise<Planned[]> {
  const existing = await servicesBySourceKey(
    db,
    tenantId,
    read.records.map((r) => r.key),
  );
  const out: Planned[] = [];
  for (const rec of read.records) {
    const id = existing.get(rec.key);
    const current = id ? await loadService(db, tenantId, id) : undefined;
    if (!current) {
      out.push({ rec, outcome: 'new' });
      continue;
    }
    const same = imported(parseInput(serviceSchema, rec.service)) === storedAsImported(current);
    out.push({ rec, outcome: same ? 'unchanged' : 'updated', current });
  }
  return out;
}

function report(read: BerlinReadResult, planned: Planned[]): BerlinImportReport {
  const count = (o: RowOutcome) => planned.filter((p) => p.outcome === o).length;
  return {
    encoding: read.encoding,
    created: count('new'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    merged: read.merged,
    keptApart: read.keptApart,
    rejected: read.rejected,
    blankRows: read.blankRows,
    fileProblem: read.fileProblem,
    rows: planned.map((p) => ({
      line: p.rec.line,
      key: p.rec.key,
      name: p.rec.service.name,
      outcome: p.outcome,
    })),
  };
}

/** What importing the file would do — new, updated, unchanged, refused and why — writing nothing. */
export async function previewBerlinServices(
  actor: Actor,
  db: Db,
  bytes: Uint8Array,
): Promise<BerlinImportReport> {
  authorizeCurate(actor);
  const read = readBerlinServices(bytes);
  await ensureVocabulary(db, actor.tenantId);
  return report(read, await plan(db, actor.tenantId, read));
}

/**
 * Imports the file for the whole tenant (staff who curate the directory, or the system for the demo
 * and the command line). Services found again by their key are updated when the file says something
 * else (the easy-German text, review period and reviewer staff wrote stay, and an archived one stays
 * archived), left alone when it says the same, the rest created; imported entries count as not yet
 * checked by staff (so the review list shows them).
 */
export async function importBerlinServices(
  actor: Actor,
  db: Db,
  bytes: Uint8Array,
): Promise<BerlinImportReport> {
  authorizeCurate(actor);
  const read = readBerlinServices(bytes);
  await ensureVocabulary(db, actor.tenantId);
  const planned = await plan(db, actor.tenantId, read);
  const lexicon = await searchLexicon(db, actor.tenantId);
  for (const { rec, outcome, current } of planned) {
    if (outcome === 'updated' && current) {
      await updateService(
        actor,
        db,
        current.id,
        {
          ...rec.service,
          descriptionEasy: current.descriptionEasy,
          reviewMonths: current.reviewMonths,
          reviewerId: current.reviewerId ?? undefined,
        },
        { lexicon },
      );
    } else if (outcome === 'new')
      await createService(actor, db, rec.service, {
        source: { source: 'berlin_hilf_mir', key: rec.key },
        checked: false,
        lexicon,
      });
  }
  return report(read, planned);
}
