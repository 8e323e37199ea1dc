import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isDate, isEndTime, isTime, timeToMinutes, weekdayOf } from '../../../platform/time/index.ts';
import { bookingRequests } from '../db/schema.ts';
import { describeDay } from '../domain/opening-hours.ts';
import { describeRule, expandPattern, type SlotPattern } from '../domain/recurrence.ts';
import { getRequest } from '../queries.ts';
import { checkAvailability, setProblem } from './check-availability.ts';
import type { FieldErrors } from './request-input.ts';
import { issueLink } from './request-links.ts';
import { kickMail, queueRequestMail } from './request-mail.ts';
import { auditEntry, loadParts, lockRequest } from './request-records.ts';

/** Staff propose another time (same room, same repeat and end of a series); the requester accepts by link. */
export async function proposeTime(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  actor: string | null,
  p: { date: string; start: string; end: string; message: string },
): Promise<FieldErrors | null> {
  const f: FieldErrors = {};
  if (!isDate(p.date)) f.proposeDate = { key: p.date ? 'houses:errors.date' : 'validation.required' };
  if (!isTime(p.start)) f.proposeStart = { key: p.start ? 'houses:errors.time' : 'validation.required' };
  if (!isEndTime(p.end)) f.proposeEnd = { key: p.end ? 'houses:errors.time' : 'validation.required' };
  else if (!f.proposeStart && timeToMinutes(p.end) <= timeToMinutes(p.start))
    f.proposeEnd = { key: 'houses:errors.endBeforeStart' };
  if (Object.keys(f).length) return f;
  const db = services.db;
  const req = await getRequest(db, tenant.id, requestId);
  if (!req) throw new AppError(404, 'request_not_found');
  const { house, room } = await loadParts(db, tenant.id, req);
  const rule = describeRule(req.rrule);
  const pattern: SlotPattern = {
    date: p.date,
    start: p.start,
    end: p.end,
    repeat: rule.repeat,
    until: rule.repeat === 'none' ? null : rule.until && rule.until >= p.date ? rule.until : p.date,
    exceptions: req.exceptions,
  };
  const occ = expandPattern(pattern);
  if (occ.length === 0) return { proposeDate: { key: 'houses:errors.noDatesLeft' } };
  const checked = await checkAvailability(db, tenant.id, { house, room, occurrences: occ });
  const firstBad = checked.find((c) => c.problems.length > 0);
  if (firstBad && pattern.repeat === 'none') {
    const ff: FieldErrors = {};
    setProblem(ff, firstBad.problems[0], describeDay(house.openingHours, weekdayOf(p.date)));
    return Object.fromEntries(
      Object.entries(ff).map(([k, v]) => [k === 'date' ? 'proposeDate' : 'proposeStart', v]),
    );
  }
  await db.transaction(async (tx) => {
    const locked = await lockRequest(tx, tenant.id, requestId);
    if (locked.status !== 'pending' && locked.status !== 'proposed')
      throw new AppError(409, 'not_pending', `The request is ${locked.status}.`);
    const now = new Date();
    const [updated] = await tx
      .update(bookingRequests)
      .set({
        status: 'proposed',
        proposedStartsAt: occ[0].startsAt,
        proposedEndsAt: occ[0].endsAt,
        staffMessage: p.message.trim().slice(0, 2000),
        decidedBy: actor,
        decidedAt: now,
        updatedAt: now,
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
      .returning();
    await writeAudit(tx, auditEntry(tenant.id, actor, 'propose', req.id));
    const link = await issueLink(tx, services, tenant, req.id);
    await queueRequestMail(tx, services, {
      tenant,
      kind: 'proposed',
      request: updated,
      house,
      room,
      link,
      dates: occ,
    });
  });
  await kickMail(services);
  return null;
}
