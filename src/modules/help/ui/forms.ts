// What the staff forms of the help directory post, turned into the use cases' inputs (the use cases
// check them with the module's schemas), and the values a form shows again — as typed, so nothing is
// lost when it comes back with messages. Form field names are the schema's paths
// (`locations.0.hours.mode`), so a message of the schema lands on the field that caused it. Opening
// hours are typed per weekday as text ("09:00-12:00, 13:00-16:00"); what cannot be read is a field
// message of that weekday.
import { fieldErrors } from '../../../platform/forms/index.ts';
import { isDate, isEndTime, isTime } from '../../../platform/time/index.ts';
import type { HoursException, Interval, OpeningHours } from '../domain/hours.ts';
import type { LocationInput, ServiceInput, SituationInput } from '../schemas.ts';
import { serviceSchema } from '../schemas.ts';
import type { Service } from '../use-cases/services.ts';
import type { LifeSituation } from '../use-cases/vocabulary.ts';

export type RawForm = Record<string, string | string[] | File | undefined>;
/** A form's values as typed: text, or the chosen values of a checkbox group. */
export type FormValues = Record<string, string | string[]>;
export type Errors = Record<string, string>;

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const text = (v: RawForm[string]): string =>
  (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '').replace(/\r\n?/g, '\n').trim();
const list = (v: RawForm[string]): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map((x) => x.trim()).filter(Boolean);
/** Several values in one box: one a line, or separated by commas or semicolons. */
export const items = (s: string): string[] => [
  ...new Set(
    s
      .split(/[\n;,]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];
const opt = (s: string) => (s === '' ? undefined : s);
/** A number typed with comma or point; anything else stays text (the schema names it). */
const num = (s: string): number | string | undefined => {
  if (s === '') return undefined;
  const n = s.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : s;
};

// ── Opening hours as text ─────────────────────────────────────────────────────────────────────

const pad = (t: string) => {
  const [h, m = '00'] = t.split(/[:.]/);
  return `${h.padStart(2, '0')}:${m.padEnd(2, '0')}`;
};

/** "09:00-12:00, 13:00-16:00" → intervals; null when a part cannot be read. */
export function readSpans(s: string): { from: string; to: string }[] | null {
  const out: { from: string; to: string }[] = [];
  for (const part of s
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,2}(?:[:.]\d{2})?)\s*(?:-|–|bis)\s*(\d{1,2}(?:[:.]\d{2})?)(?:\s*uhr)?$/i.exec(part);
    if (!m) return null;
    const from = pad(m[1]);
    const to = pad(m[2]) === '00:00' ? '24:00' : pad(m[2]);
    if (!isTime(from) || !isEndTime(to) || from === to) return null;
    out.push({ from, to });
  }
  return out;
}

export const spansText = (spans: readonly { from: string; to: string }[]) =>
  spans.map((i) => `${i.from}-${i.to}`).join(', ');

/** One exception a line: "2026-12-24 closed" or "2026-12-31 10:00-12:00", optionally "| note". */
function readExceptions(s: string): HoursException[] | null {
  const out: HoursException[] = [];
  for (const line of s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [head, ...rest] = line.split('|');
    const note = rest.join('|').trim();
    const m = /^(\d{4}-\d{2}-\d{2})\s*:?\s*(.*)$/.exec(head.trim());
    if (!m || !isDate(m[1])) return null;
    const what = m[2].trim();
    if (what === '' || /^(closed|geschlossen|zu)$/i.test(what)) {
      out.push({ date: m[1], closed: true, ...(note ? { note } : {}) });
      continue;
    }
    const spans = readSpans(what);
    if (!spans?.length) return null;
    out.push({ date: m[1], closed: false, intervals: spans, ...(note ? { note } : {}) });
  }
  return out;
}

function exceptionsText(ex: readonly HoursException[]): string {
  return ex
    .map((e) => {
      const what = e.closed ? 'closed' : spansText(e.intervals ?? []);
      return `${e.date} ${what}${e.note ? ` | ${e.note}` : ''}`;
    })
    .join('\n');
}

// ── The service form ──────────────────────────────────────────────────────────────────────────

export const SERVICE_TEXT_FIELDS = [
  'name',
  'providerName',
  'description',
  'descriptionEasy',
  'targetGroups',
  'languages',
  'keywords',
  'cost',
  'costNote',
  'eligibility',
  'access',
  'phone',
  'email',
  'website',
  'reviewMonths',
] as const;
export const SERVICE_LIST_FIELDS = ['topics', 'channels'] as const;
export const LOCATION_TEXT_FIELDS = [
  'name',
  'street',
  'houseNumber',
  'postcode',
  'city',
  'district',
  'lat',
  'lon',
  'areaId',
  'venueId',
  'stepFree',
  'hours.mode',
  ...DAYS.map((d) => `hours.day${d}`),
  'hours.exceptions',
  'hours.note',
  'remove',
] as const;

/** The location slots a posted form holds (`locations.<n>.…`), in order. */
function slotsOf(raw: RawForm): number[] {
  const seen = new Set<number>();
  for (const k of Object.keys(raw)) {
    const m = /^locations\.(\d{1,2})\./.exec(k);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

/** A location slot left blank (the empty one for adding a place; its choice of hours alone is no place). */
function blank(v: FormValues, p: string): boolean {
  const empty = LOCATION_TEXT_FIELDS.every(
    (f) => f === 'hours.mode' || f === 'remove' || f === 'venueId' || !v[`${p}${f}`],
  );
  return empty && !v[`${p}accessibility`]?.length;
}

export interface ServiceForm {
  input: ServiceInput;
  values: FormValues;
  /** Messages of what the form itself could not read (hours typed as text). */
  errors: Errors;
  /** Form prefix of each input location (`locations.3.`), to put the schema's messages back. */
  prefixes: string[];
}

/** The posted service form as the use case's input, the values as typed, and the hours' messages. */
export function readServiceForm(raw: RawForm): ServiceForm {
  const values: FormValues = {};
  for (const f of SERVICE_TEXT_FIELDS) values[f] = text(raw[f]);
  for (const f of SERVICE_LIST_FIELDS) values[f] = list(raw[f]);
  const errors: Errors = {};
  const locations: LocationInput[] = [];
  const prefixes: string[] = [];
  for (const n of slotsOf(raw)) {
    const p = `locations.${n}.`;
    for (const f of LOCATION_TEXT_FIELDS) values[`${p}${f}`] = text(raw[`${p}${f}`]);
    values[`${p}accessibility`] = list(raw[`${p}accessibility`]);
    if (values[`${p}remove`] || blank(values, p)) continue;
    const s = (f: string) => values[`${p}${f}`] as string;
    const intervals: Interval[] = [];
    for (const d of DAYS) {
      const spans = readSpans(s(`hours.day${d}`));
      if (spans === null) errors[`${p}hours.day${d}`] = 'help:errors.dayHours';
      else for (const i of spans) intervals.push({ day: d, ...i });
    }
    const exceptions = readExceptions(s('hours.exceptions'));
    if (exceptions === null) errors[`${p}hours.exceptions`] = 'help:errors.exceptions';
    const mode = (s('hours.mode') || (intervals.length ? 'weekly' : 'unknown')) as OpeningHours['mode'];
    if (mode === 'weekly' && !intervals.length && !errors[`${p}hours.day1`])
      errors[`${p}hours.day1`] = 'help:errors.weeklyWithoutHours';
    const stepFree = s('stepFree');
    locations.push({
      name: s('name'),
      street: opt(s('street')),
      houseNumber: opt(s('houseNumber')),
      postcode: opt(s('postcode')),
      city: opt(s('city')),
      district: opt(s('district')),
      lat: num(s('lat')) as number | undefined,
      lon: num(s('lon')) as number | undefined,
      areaId: opt(s('areaId')),
      venueId: opt(s('venueId')),
      stepFree: stepFree === 'yes' ? true : stepFree === 'no' ? false : null,
      accessibility: values[`${p}accessibility`] as LocationInput['accessibility'],
      hours: { mode, intervals, exceptions: exceptions ?? [], note: s('hours.note') },
    });
    prefixes.push(p);
  }
  const v = values as Record<string, string>;
  const input: ServiceInput = {
    name: v.name,
    providerName: v.providerName,
    description: v.description,
    descriptionEasy: v.descriptionEasy,
    topics: values.topics as string[],
    targetGroups: items(v.targetGroups),
    languages: items(v.languages),
    keywords: items(v.keywords),
    cost: (v.cost || 'unknown') as ServiceInput['cost'],
    costNote: v.costNote,
    eligibility: v.eligibility,
    access: (v.access || 'unknown') as ServiceInput['access'],
    channels: values.channels as ServiceInput['channels'],
    phone: v.phone,
    email: v.email,
    website: v.website,
    reviewMonths: num(v.reviewMonths) as number | undefined,
    locations,
  };
  return { input, values, errors, prefixes };
}

/**
 * The schema's and use case's field names as the form's: `locations.<i>.…` of the input is the form
 * slot it came from, an interval's message belongs to its weekday, an exception's to the box.
 */
export function formFieldsOf(fields: Errors, form: Pick<ServiceForm, 'input' | 'prefixes'>): Errors {
  const out: Errors = {};
  for (const [key, msg] of Object.entries(fields)) {
    const m = /^locations\.(\d+)\.(.+)$/.exec(key);
    let name = key;
    if (m) {
      const i = Number(m[1]);
      const p = form.prefixes[i] ?? `locations.${i}.`;
      let rest = m[2];
      const iv = /^hours\.intervals\.(\d+)/.exec(rest);
      if (iv) rest = `hours.day${form.input.locations?.[i]?.hours.intervals?.[Number(iv[1])]?.day ?? 1}`;
      else if (rest.startsWith('hours.exceptions')) rest = 'hours.exceptions';
      else if (rest.startsWith('hours.intervals')) rest = 'hours.day1';
      name = `${p}${rest}`;
    } else if (key === 'locations') name = 'locations.0.name';
    out[name] ??= msg;
  }
  return out;
}

/** Every message of a form at once: what the form could not read and what the schema refuses. */
export function allFormErrors(form: ServiceForm): Errors {
  const r = serviceSchema.safeParse(form.input);
  const schemaErrors = r.success ? {} : fieldErrors(r.error.issues);
  return { ...formFieldsOf(schemaErrors, form), ...form.errors };
}

/** A saved service as the form shows it, with one empty slot for adding a place. */
export function serviceValues(s?: Service): FormValues {
  const v: FormValues = {};
  for (const f of SERVICE_TEXT_FIELDS) v[f] = '';
  v.reviewMonths = '12';
  v.topics = [];
  v.channels = [];
  if (s) {
    Object.assign(v, {
      name: s.name,
      providerName: s.providerName,
      description: s.description,
      descriptionEasy: s.descriptionEasy,
      targetGroups: s.targetGroups.join('\n'),
      languages: s.languages.join('\n'),
      keywords: s.keywords.join('\n'),
      cost: s.cost,
      costNote: s.costNote,
      eligibility: s.eligibility,
      access: s.access,
      phone: s.phone ?? '',
      email: s.email ?? '',
      website: s.website ?? '',
      reviewMonths: String(s.reviewMonths),
      topics: s.topics,
      channels: s.channels,
    });
    s.locations.forEach((l, i) => {
      const p = `locations.${i}.`;
      v[`${p}name`] = l.name;
      v[`${p}street`] = l.street ?? '';
      v[`${p}houseNumber`] = l.houseNumber ?? '';
      v[`${p}postcode`] = l.postcode ?? '';
      v[`${p}city`] = l.city ?? '';
      v[`${p}district`] = l.district ?? '';
      v[`${p}lat`] = l.lat == null ? '' : String(l.lat);
      v[`${p}lon`] = l.lon == null ? '' : String(l.lon);
      v[`${p}areaId`] = l.areaId ?? '';
      v[`${p}venueId`] = l.venueId ?? '';
      v[`${p}stepFree`] = l.stepFree === true ? 'yes' : l.stepFree === false ? 'no' : '';
      v[`${p}accessibility`] = l.accessibility;
      v[`${p}hours.mode`] = l.hours.mode;
      for (const d of DAYS) v[`${p}hours.day${d}`] = spansText(l.hours.intervals.filter((x) => x.day === d));
      v[`${p}hours.exceptions`] = exceptionsText(l.hours.exceptions);
      v[`${p}hours.note`] = l.hours.note;
    });
  }
  return withEmptySlot(v);
}

/** The location slots of a form's values, and one more empty one when the last is not empty. */
export function locationSlots(v: FormValues): number[] {
  const seen = new Set<number>();
  for (const k of Object.keys(v)) {
    const m = /^locations\.(\d{1,2})\./.exec(k);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

function withEmptySlot(v: FormValues): FormValues {
  const slots = locationSlots(v);
  const next = slots.length ? slots[slots.length - 1] + 1 : 0;
  v[`locations.${next}.name`] = '';
  return v;
}

// ── Life situations ───────────────────────────────────────────────────────────────────────────

export const SITUATION_FIELDS = ['label', 'terms'] as const;

export function readSituationForm(raw: RawForm): { input: SituationInput; values: FormValues } {
  const values: FormValues = { label: text(raw.label), terms: text(raw.terms), topics: list(raw.topics) };
  return {
    input: {
      label: values.label as string,
      terms: items(values.terms as string),
      topics: values.topics as string[],
    },
    values,
  };
}

export function situationValues(s: LifeSituation): FormValues {
  return { label: s.label, terms: s.terms.join('\n'), topics: s.topicKeys };
}
