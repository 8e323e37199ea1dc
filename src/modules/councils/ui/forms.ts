// What the staff forms post, turned into the use cases' inputs (the use cases check them), and the
// values a form shows again — as typed, so nothing is lost when it comes back with messages.
import { str } from '../../../platform/http/render.tsx';
import { isDate, isTime, localToInstant } from '../../../platform/time/index.ts';
import type { AttendanceStatus, Choice } from '../domain/vocab.ts';
import type { AgendaItem, Body, Member } from '../queries.ts';
import type {
  AgendaItemUpdateInput,
  AttendanceInput,
  BodyInput,
  CirculationInput,
  EndTermInput,
  MeetingInput,
  MemberInput,
  ResignInput,
  VoteInputData,
} from '../schemas.ts';

export type RawForm = Record<string, string | string[] | File>;
export type FormValues = Record<string, string>;

/** The posted fields as strings (trimmed), for showing them again. */
export function valuesOf(form: RawForm, names: readonly string[]): FormValues {
  return Object.fromEntries(names.map((n) => [n, str(form[n]).trim()]));
}

/** '' → undefined; whole numbers → numbers; anything else stays text (the schema names it invalid). */
const num = (s: string): number | string | undefined =>
  s === '' ? undefined : /^\d{1,9}$/.test(s) ? Number(s) : s;
const opt = (s: string): string | undefined => (s === '' ? undefined : s);
const yesNo = (s: string): boolean | undefined => (s === 'yes' ? true : s === 'no' ? false : undefined);

export const BODY_FIELDS = [
  'name',
  'slug',
  'kind',
  'areaId',
  'public',
  'purpose',
  'quorumRule',
  'quorumFixed',
  'majorityRule',
  'tieRule',
  'compositionRule',
  'invitationDays',
  'voteByNameRequired',
  'circulationQuorumRule',
  'termYears',
] as const;

/** A body's form: empty rule fields of a new body take the defaults of its kind. */
export function bodyInputOf(v: FormValues): BodyInput {
  return {
    name: v.name,
    slug: opt(v.slug),
    kind: v.kind as BodyInput['kind'],
    areaId: v.areaId || null,
    purpose: v.purpose,
    public: yesNo(v.public),
    quorumRule: opt(v.quorumRule) as BodyInput['quorumRule'],
    quorumFixed: num(v.quorumFixed) as number | undefined,
    majorityRule: opt(v.majorityRule) as BodyInput['majorityRule'],
    tieRule: opt(v.tieRule) as BodyInput['tieRule'],
    compositionRule: opt(v.compositionRule) as BodyInput['compositionRule'],
    invitationDays: num(v.invitationDays) as number | undefined,
    voteByNameRequired: yesNo(v.voteByNameRequired),
    circulationQuorumRule: opt(v.circulationQuorumRule) as BodyInput['circulationQuorumRule'],
    termYears: v.termYears === '' ? null : (num(v.termYears) as number | undefined),
  };
}

export function bodyValues(b?: Body): FormValues {
  if (!b) return Object.fromEntries(BODY_FIELDS.map((f) => [f, ''])) as FormValues;
  return {
    name: b.name,
    slug: b.slug,
    kind: b.kind,
    areaId: b.areaId ?? '',
    public: b.public ? 'yes' : 'no',
    purpose: b.purpose,
    quorumRule: b.quorumRule,
    quorumFixed: b.quorumFixed === null ? '' : String(b.quorumFixed),
    majorityRule: b.majorityRule,
    tieRule: b.tieRule,
    compositionRule: b.compositionRule,
    invitationDays: String(b.invitationDays),
    voteByNameRequired: b.voteByNameRequired ? 'yes' : 'no',
    circulationQuorumRule: b.circulationQuorumRule,
    termYears: b.termYears === null ? '' : String(b.termYears),
  };
}

export const MEMBER_FIELDS = [
  'kind',
  'name',
  'email',
  'publishName',
  'actorId',
  'organisation',
  'department',
  'userId',
  'role',
  'voting',
  'termFrom',
  'termTo',
  'electedOn',
] as const;

export function memberInputOf(v: FormValues): MemberInput {
  return {
    kind: v.kind as MemberInput['kind'],
    name: v.name,
    email: v.email,
    publishName: v.publishName === 'on',
    actorId: v.actorId || null,
    organisation: v.organisation,
    department: v.department,
    userId: v.userId || null,
    role: (v.role || 'member') as MemberInput['role'],
    voting: yesNo(v.voting),
    termFrom: v.termFrom,
    termTo: opt(v.termTo),
    electedOn: v.electedOn || null,
  };
}

export const END_FIELDS = ['how', 'endedOn', 'reason', 'successorName', 'successorEmail'] as const;

/** Ending a term: `how` is `end` (with a reason) or `resign` (optionally with a successor). */
export function endInputOf(v: FormValues, member: Member): { end?: EndTermInput; resign?: ResignInput } {
  if (v.how === 'resign')
    return {
      resign: {
        resignedOn: v.endedOn,
        successor: v.successorName
          ? { kind: member.kind, name: v.successorName, email: v.successorEmail }
          : undefined,
      },
    };
  return { end: { endedOn: v.endedOn, reason: (v.reason || 'term_ended') as EndTermInput['reason'] } };
}

// ── Meetings, agenda, attendance, conflicts, votes, circulation votes ─────────────────────────

/** A Berlin date and time as an instant; an unreadable one is an invalid date (the schema names it). */
function instantOf(date: string, time: string): Date | undefined {
  if (date === '' && time === '') return undefined;
  return isDate(date) && isTime(time) ? localToInstant(date, time) : new Date(Number.NaN);
}

/** Field names of the use case's input → the form fields that show their message. */
export function renameFields(fields: Record<string, string>, names: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[names[k] ?? k] ??= v;
  return out;
}

export const MEETING_FIELDS = [
  'title',
  'startsOn',
  'startTime',
  'endTime',
  'venueId',
  'locationName',
  'onlineUrl',
  'public',
  'repeatMonthly',
] as const;
export const MEETING_FIELD_OF = { startsAt: 'startsOn', endsAt: 'endTime' };

export function meetingInputOf(v: FormValues): MeetingInput {
  return {
    title: v.title,
    startsAt: instantOf(v.startsOn, v.startTime) as Date,
    endsAt: v.endTime ? (instantOf(v.startsOn, v.endTime) ?? null) : null,
    venueId: v.venueId || null,
    locationName: v.locationName,
    onlineUrl: v.onlineUrl || null,
    public: yesNo(v.public),
    repeatMonthly: num(v.repeatMonthly) as number | undefined,
  };
}

export const STATUS_FIELDS = ['status', 'reason'] as const;

export const ITEM_FIELDS = ['title', 'kind', 'public', 'presenter', 'text'] as const;

export function itemInputOf(v: FormValues): AgendaItemUpdateInput {
  return {
    title: v.title,
    kind: v.kind as AgendaItemUpdateInput['kind'],
    public: yesNo(v.public),
    presenter: v.presenter,
    text: v.text,
  };
}

export function itemValues(i: AgendaItem): FormValues {
  return {
    title: i.title,
    kind: i.kind,
    public: i.public ? 'yes' : 'no',
    presenter: i.presenter,
    text: i.text,
  };
}

/** The attendance form: `status.<member>`, `from.<member>`, `until.<member>` per member, and guests. */
export function attendanceValues(form: RawForm, memberIds: readonly string[]): FormValues {
  const v: FormValues = { guests: str(form.guests) };
  for (const id of memberIds)
    for (const f of ['status', 'from', 'until']) v[`${f}.${id}`] = str(form[`${f}.${id}`]).trim();
  return v;
}

export function attendanceInputOf(
  v: FormValues,
  memberIds: readonly string[],
): { input: AttendanceInput; fieldOf: (key: string) => string } {
  const listed = memberIds.filter((id) => v[`status.${id}`]);
  const pos = (s: string) => (s === '' ? null : (num(s) as number));
  return {
    input: {
      entries: listed.map((id) => ({
        memberId: id,
        status: v[`status.${id}`] as AttendanceStatus,
        fromPosition: pos(v[`from.${id}`]),
        untilPosition: pos(v[`until.${id}`]),
      })),
      guests: v.guests
        .split(/\r?\n/)
        .map((g) => g.trim())
        .filter(Boolean),
    },
    fieldOf: (key) => {
      const m = /^entries\.(\d+)\.(\w+)$/.exec(key);
      if (!m) return key === 'entries' ? 'attendance' : key.startsWith('guests') ? 'guests' : key;
      const id = listed[Number(m[1])];
      const f = m[2] === 'fromPosition' ? 'from' : m[2] === 'untilPosition' ? 'until' : 'status';
      return `${f}.${id}`;
    },
  };
}

export const VOTE_FIELDS = ['kind', 'subject', 'yes', 'no', 'abstain', 'chairCasting', 'resolution'] as const;
export const VOTE_FIELD_OF = {
  counts: 'yes',
  'counts.yes': 'yes',
  'counts.no': 'no',
  'counts.abstain': 'abstain',
};

export function voteValues(form: RawForm, memberIds: readonly string[]): FormValues {
  const v = valuesOf(form, VOTE_FIELDS);
  for (const id of memberIds) v[`ballot.${id}`] = str(form[`ballot.${id}`]).trim();
  return v;
}

export function voteInputOf(v: FormValues, memberIds: readonly string[]): VoteInputData {
  const kind = v.kind as VoteInputData['kind'];
  const count = (s: string) => (s === '' ? 0 : num(s)) as number;
  return {
    kind,
    subject: v.subject,
    counts:
      kind === 'by_name' || (v.yes === '' && v.no === '' && v.abstain === '')
        ? undefined
        : { yes: count(v.yes), no: count(v.no), abstain: count(v.abstain) },
    ballots:
      kind === 'by_name'
        ? memberIds
            .filter((id) => v[`ballot.${id}`])
            .map((id) => ({ memberId: id, choice: v[`ballot.${id}`] as Choice }))
        : undefined,
    chairCasting: (v.chairCasting || null) as VoteInputData['chairCasting'],
    resolution: v.resolution,
  };
}

export const CONFLICT_FIELDS = ['memberId', 'note'] as const;

export const CIRCULATION_FIELDS = ['title', 'motion', 'closesOn', 'closesTime'] as const;
export const CIRCULATION_FIELD_OF = { closesAt: 'closesOn' };

export function circulationInputOf(v: FormValues): CirculationInput {
  return {
    title: v.title,
    motion: v.motion,
    closesAt: instantOf(v.closesOn, v.closesTime) as Date,
  };
}
