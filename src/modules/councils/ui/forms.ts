// What the staff forms post, turned into the use cases' inputs (the use cases check them), and the
// values a form shows again — as typed, so nothing is lost when it comes back with messages.
import { str } from '../../../platform/http/render.tsx';
import type { Body, Member } from '../queries.ts';
import type { BodyInput, EndTermInput, MemberInput, ResignInput } from '../schemas.ts';

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
