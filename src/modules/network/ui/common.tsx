import type { Context } from 'hono';
import type { ReactNode } from 'react';
import type { AppEnv } from '../../../platform/http/context.ts';
import { formatDate, formatDateTime } from '../../../platform/time/index.ts';
import { ErrorSummary, fieldId } from '../../../ui/index.ts';
import { listMemberships } from '../../access/index.ts';
import { type AreaKind, areaChoices as areaChoicesIn } from '../../areas/index.ts';
import { getUser } from '../../identity/index.ts';

export { departmentsOf } from '../policies.ts';

export type C = Context<AppEnv>;

export const base = (c: C) => `/staff/${c.get('tenant')!.slug}/network`;

/** Label of a vocabulary code, e.g. label(t, 'topics', 'sgb2'). */
export const label = (t: C['var']['t'], list: string, code: string | null | undefined): string =>
  code ? t(`network:vocab.${list}.${code}`) : '';

export const options = (t: C['var']['t'], list: string, codes: readonly string[]) =>
  codes.map((v) => ({ value: v, label: label(t, list, v) }));

/** Staff screens are German or English; the formatting rules are the platform's (src/platform/time). */
const staffLang = (c: C) => (c.get('lang') === 'en' ? 'en' : 'de');

export function fmtDateTime(c: C, d: Date | string | null | undefined): string {
  return d ? formatDateTime(d, staffLang(c)) : '';
}

/** A local calendar date (YYYY-MM-DD) in words, e.g. "Di., 25. März 2025". */
export function fmtDay(c: C, date: string | null | undefined, withWeekday = true): string {
  return date ? formatDate(date, staffLang(c), { weekday: withWeekday ? 'short' : undefined }) : '';
}

/** Error summary for field errors (already translated), linking to the fields. */
export function Errors({
  c,
  errors,
  prefix = '',
}: {
  c: C;
  errors: Record<string, string>;
  prefix?: string;
}) {
  const t = c.get('t');
  return (
    <ErrorSummary
      title={t('errorSummaryTitle')}
      errors={Object.entries(errors).map(([f, message]) => ({ fieldId: fieldId(prefix + f), message }))}
    />
  );
}

const PLACE_KINDS: readonly AreaKind[] = ['programme', 'district', 'bezirksregion', 'stadtteil', 'free'];

/**
 * Areas a member may place records in: programme areas, districts, Bezirksregionen, Stadtteile and
 * free areas of the tenant, limited to their scope (and what lies below it), named with their kind.
 */
export async function areaChoices(c: C, scope: string[] | null): Promise<{ value: string; label: string }[]> {
  const list = await areaChoicesIn(c.get('services').db, c.get('tenant')!.id, scope, PLACE_KINDS);
  const t = c.get('t');
  return list.map((a) => ({ value: a.value, label: `${a.label} (${t(`areas:kinds.${a.kind}`)})` }));
}
/** Team members of the tenant (for assignees and referrals). */
export async function teamMembers(c: C): Promise<{ value: string; label: string }[]> {
  const db = c.get('services').db;
  const list = await listMemberships(db, c.get('tenant')!.id);
  const ids = [...new Set(list.filter((m) => m.role !== 'jury').map((m) => m.userId))];
  const users = await Promise.all(ids.map((id) => getUser(db, id)));
  return users
    .filter((u): u is NonNullable<typeof u> => !!u)
    .map((u) => ({ value: u.id, label: u.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export const flash = (c: C): string | undefined => {
  const k = c.req.query('done');
  return k && /^[a-zA-Z]+$/.test(k) ? c.get('t')(`network:flash.${k}`) : undefined;
};

export const who = (c: C) => ({
  userId: c.get('user')!.id,
  label: c.get('user')!.name,
  ip: null as string | null,
});
