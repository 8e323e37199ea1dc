import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { scopeFilter } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant, rows } from '../../../platform/db/index.ts';
import { attendance, events } from '../db/schema.ts';
import { hasOccurrenceOn } from '../domain/recurrence.ts';
import { AGE_GROUPS, GENDERS } from '../domain/vocab.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { ATTENDANCE_LIMITS } from '../schemas.ts';
import type { Event } from './events.ts';

export type Attendance = typeof attendance.$inferSelect;

export interface AttendanceInput {
  date: string;
  total: number;
  byAge: Record<string, number>;
  byGender: Record<string, number>;
  note: string;
}

/**
 * Reads the attendance form: the head count, optionally split by age group and gender. A split,
 * when given, must add up to the head count (so the reports never disagree with themselves).
 */
export function readAttendanceForm(body: RawForm, e: Event): { input: AttendanceInput; form: FormReader } {
  const f = new FormReader(body);
  const date = f.date('date', { required: true }) ?? '';
  if (date && !hasOccurrenceOn(e, date)) f.fail('date', 'events:errors.noOccurrence');
  const total = f.int('total', { required: true, min: 0, max: ATTENDANCE_LIMITS.count }) ?? 0;
  const byAge: Record<string, number> = {};
  for (const g of AGE_GROUPS) {
    const n = f.int(`age_${g}`, { min: 0, max: ATTENDANCE_LIMITS.count });
    if (n !== null && n > 0) byAge[g] = n;
  }
  const byGender: Record<string, number> = {};
  for (const g of GENDERS) {
    const n = f.int(`gender_${g}`, { min: 0, max: ATTENDANCE_LIMITS.count });
    if (n !== null && n > 0) byGender[g] = n;
  }
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  if (Object.keys(byAge).length && sum(byAge) !== total)
    f.fail(`age_${AGE_GROUPS[0]}`, 'events:errors.splitSum');
  if (Object.keys(byGender).length && sum(byGender) !== total)
    f.fail(`gender_${GENDERS[0]}`, 'events:errors.splitSum');
  const note = f.text('note', { max: ATTENDANCE_LIMITS.note });
  return { input: { date, total, byAge, byGender, note }, form: f };
}

export async function recordAttendance(
  db: Db,
  tenantId: string,
  eventId: string,
  i: AttendanceInput,
  userId: string | null,
): Promise<void> {
  await db
    .insert(attendance)
    .values({
      tenantId,
      eventId,
      occurrenceDate: i.date,
      total: i.total,
      byAge: i.byAge,
      byGender: i.byGender,
      note: i.note,
      recordedBy: userId,
    })
    .onConflictDoUpdate({
      target: [attendance.tenantId, attendance.eventId, attendance.occurrenceDate],
      set: {
        total: i.total,
        byAge: i.byAge,
        byGender: i.byGender,
        note: i.note,
        recordedBy: userId,
        recordedAt: new Date(),
      },
    });
}

export async function listAttendance(db: Db, tenantId: string, eventId: string): Promise<Attendance[]> {
  return db
    .select()
    .from(attendance)
    .where(and(ofTenant(attendance, tenantId), eq(attendance.eventId, eventId)))
    .orderBy(desc(attendance.occurrenceDate));
}

export interface AttendanceSummary {
  /** Events (dates of series count once each) with a recorded head count. */
  occurrences: number;
  participants: number;
  byAge: Record<string, number>;
  byGender: Record<string, number>;
}

/**
 * Participant numbers for reports (IMPACT-1): recorded head counts between two local dates,
 * optionally only for events in these areas (an area id matches events placed in it or below).
 */
export async function attendanceSummary(
  db: Db,
  tenantId: string,
  f: { from: string; to: string; areaIds?: string[] | null },
): Promise<AttendanceSummary> {
  const where: SQL[] = [
    ofTenant(alias(attendance, 'a'), tenantId),
    sql`a.occurrence_date between ${f.from}::date and ${f.to}::date`,
  ];
  // The scope rule (no areas given: all; [] = none).
  const inAreas = scopeFilter(sql`e.area_ids`, f.areaIds ?? null);
  if (inAreas) where.push(inAreas);
  const list = rows<{ total: number; by_age: Record<string, number>; by_gender: Record<string, number> }>(
    await db.execute(sql`
      select a.total, a.by_age, a.by_gender from ${attendance} a
      join ${events} e on e.tenant_id = a.tenant_id and e.id = a.event_id
      where ${sql.join(where, sql` and `)}`),
  );
  const out: AttendanceSummary = { occurrences: list.length, participants: 0, byAge: {}, byGender: {} };
  for (const r of list) {
    out.participants += Number(r.total);
    for (const [k, v] of Object.entries(r.by_age ?? {})) out.byAge[k] = (out.byAge[k] ?? 0) + Number(v);
    for (const [k, v] of Object.entries(r.by_gender ?? {}))
      out.byGender[k] = (out.byGender[k] ?? 0) + Number(v);
  }
  return out;
}
