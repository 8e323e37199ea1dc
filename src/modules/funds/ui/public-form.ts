// The public application form as posted, turned into the use cases' input, and the values the form
// shows again — as typed, so nothing is lost when it comes back with messages. The cost plan is a
// number of rows (`rows`) of three fields each (`item_N`, `kind_N`, `amount_N`); blank rows are
// left out, and "more rows" draws the same form with three more. Amounts are typed in euros.
import { rawText } from '../../../platform/forms/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import type { CostKind } from '../domain/vocab.ts';
import type { Application, CostLine } from '../queries.ts';
import { type ApplicationInput, applicationInput, parse } from '../schemas.ts';

export type RawForm = Record<string, string | string[] | File | undefined>;
export type FormValues = Record<string, string>;

export const ROWS_START = 3;
export const ROWS_MORE = 3;
export const ROWS_MAX = 60;

const FIELDS = [
  'applicantKind',
  'applicantName',
  'groupName',
  'email',
  'phone',
  'title',
  'description',
  'areaId',
  'startsOn',
  'endsOn',
  'expectedParticipants',
  'ownMoney',
  'volunteerHours',
  'consent',
] as const;

/** How many cost rows the form shows: what was posted (within bounds), at least the start. */
export function rowsOf(v: FormValues): number {
  const n = Number(v.rows);
  return Number.isInteger(n) ? Math.min(ROWS_MAX, Math.max(ROWS_START, n)) : ROWS_START;
}

/**
 * Euros as typed ("150", "150,50", "1.500,00", "1500.5") → whole cents; '' → undefined; anything
 * else → null (the form names it).
 */
export function eurosToCents(s: string): number | null | undefined {
  const v = s.replace(/\s|€/g, '');
  if (v === '') return undefined;
  let m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(v);
  if (!m) {
    const de = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(v);
    m = de && ([de[0], de[1].replace(/\./g, ''), de[2]] as unknown as RegExpExecArray);
  }
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** Cents as the form shows them: "150,50" (a German-style decimal comma, accepted back). */
export const centsToEuros = (cents: number): string =>
  cents % 100 === 0
    ? String(cents / 100)
    : `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** Ticked boxes of one name (one or several), without blanks. */
function ticked(v: RawForm[string]): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => rawText(x).trim()).filter(Boolean);
}

/** Lists of ticked boxes are kept in the form's values one per line. */
export const listValue = (v: string | undefined): string[] => (v ? v.split('\n').filter(Boolean) : []);

const whole = (s: string): number | string | undefined =>
  s === '' ? undefined : /^\d{1,9}$/.test(s) ? Number(s) : s;

export interface ReadForm {
  input: ApplicationInput;
  values: FormValues;
  /** Field name of the form → translation key. */
  errors: Record<string, string>;
  /** The form row of each cost line of the input (blank rows are left out). */
  rowOf: number[];
}

/** The posted form: the input, the values as typed, and the form's own messages (euros, consent). */
export function readApplicationForm(body: RawForm): ReadForm {
  const values: FormValues = {};
  for (const f of FIELDS) values[f] = rawText(body[f]);
  const targetGroups = ticked(body.targetGroups);
  const criteria = ticked(body.criteria);
  values.targetGroups = targetGroups.join('\n');
  values.criteria = criteria.join('\n');
  const rows = rowsOf({ rows: rawText(body.rows) });
  values.rows = String(rows);
  const errors: Record<string, string> = {};
  const costLines: { item: string; costKind: CostKind; amountCents: number }[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const item = rawText(body[`item_${i}`]);
    const kind = rawText(body[`kind_${i}`]);
    const amount = rawText(body[`amount_${i}`]);
    values[`item_${i}`] = item;
    values[`kind_${i}`] = kind;
    values[`amount_${i}`] = amount;
    if (!item && !amount) continue;
    const cents = eurosToCents(amount);
    if (cents === null) errors[`amount_${i}`] = 'funds:errors.euros';
    rowOf.push(i);
    costLines.push({ item, costKind: (kind || 'material') as CostKind, amountCents: cents ?? 0 });
  }
  const ownMoney = eurosToCents(values.ownMoney);
  if (ownMoney === null) errors.ownMoney = 'funds:errors.euros';
  if (!values.email) errors.email = 'validation.required';
  if (values.consent !== 'yes') errors.consent = 'funds:errors.consent';
  const input: ApplicationInput = {
    applicantKind: (values.applicantKind || 'person') as ApplicationInput['applicantKind'],
    applicantName: values.applicantName,
    groupName: values.groupName,
    email: values.email,
    phone: values.phone,
    title: values.title,
    description: values.description,
    startsOn: values.startsOn || null,
    endsOn: values.endsOn || null,
    areaId: values.areaId || null,
    expectedParticipants: (whole(values.expectedParticipants) ?? null) as number | null,
    targetGroups,
    criteria,
    ownMoneyCents: ownMoney ?? 0,
    volunteerHours: (whole(values.volunteerHours) ?? 0) as number,
    costLines,
  };
  return { input, values, errors, rowOf };
}

/** A use case's field (`costLines.2.amountCents`, `ownMoneyCents`) as the form's field name. */
export function formFieldOf(field: string, rowOf: number[]): string {
  const line = /^costLines\.(\d+)\.(item|costKind|amountCents)$/.exec(field);
  if (line) {
    const row = rowOf[Number(line[1])] ?? 0;
    return `${line[2] === 'item' ? 'item' : line[2] === 'costKind' ? 'kind' : 'amount'}_${row}`;
  }
  if (field === 'costLines') return `item_${rowOf[0] ?? 0}`;
  if (field === 'ownMoneyCents') return 'ownMoney';
  const list = /^(targetGroups|criteria)\.\d+$/.exec(field);
  if (list) return list[1];
  return field;
}

/**
 * Every message of the form at once: its own, and what the input's schema says of each field (the
 * use case checks the same again). Messages of a field the form already named stay the form's.
 */
export function checkApplicationForm(r: ReadForm): Record<string, string> {
  const errors: Record<string, string> = {};
  try {
    parse(applicationInput, r.input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const [field, key] of Object.entries(err.fields)) errors[formFieldOf(field, r.rowOf)] = key;
  }
  return { ...errors, ...r.errors };
}

/** The use case's refusal as the form's messages (other errors are thrown on). */
export function formErrorsOf(err: unknown, rowOf: number[]): Record<string, string> {
  if (!(err instanceof ValidationError)) throw err;
  return Object.fromEntries(Object.entries(err.fields).map(([f, key]) => [formFieldOf(f, rowOf), key]));
}

/** A stored application as the form's values (for the applicant's edit page). */
export function valuesOfApplication(a: Application, lines: CostLine[]): FormValues {
  const values: FormValues = {
    applicantKind: a.applicantKind,
    applicantName: a.applicantName,
    groupName: a.groupName,
    email: a.email,
    phone: a.phone,
    title: a.title,
    description: a.description,
    areaId: a.areaId ?? '',
    startsOn: a.startsOn ?? '',
    endsOn: a.endsOn ?? '',
    expectedParticipants: a.expectedParticipants === null ? '' : String(a.expectedParticipants),
    targetGroups: a.targetGroups.join('\n'),
    criteria: a.criteria.join('\n'),
    ownMoney: a.ownMoneyCents ? centsToEuros(a.ownMoneyCents) : '',
    volunteerHours: a.volunteerHours ? String(a.volunteerHours) : '',
    consent: 'yes',
    rows: String(Math.max(ROWS_START, lines.length + 1)),
  };
  lines.forEach((l, i) => {
    values[`item_${i}`] = l.item;
    values[`kind_${i}`] = l.costKind;
    values[`amount_${i}`] = centsToEuros(l.amountCents);
  });
  return values;
}
