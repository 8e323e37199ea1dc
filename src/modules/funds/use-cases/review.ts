/**
 * Review of an application (FUND-2, FUND-3): the eligibility check with a note per rule, asking the
 * applicant for changes, and putting the application on the agenda of the deciding body's meeting
 * (through the councils module's public surface: an agenda item for the decision).
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { addAgendaItem, meetingFor } from '../../councils/index.ts';
import { eligibilityNotes } from '../db/schema.ts';
import { checkRules, sessionDeadlines } from '../domain/rules.ts';
import { loadApplication, PROCESS } from '../policies.ts';
import { type Application, type EligibilityNote, listCostLines, lockApplication } from '../queries.ts';
import {
  type AgendaInput,
  agendaInput,
  type EligibilityInput,
  eligibilityInput,
  type NoteInput,
  noteInput,
  parse,
} from '../schemas.ts';
import { dayOf, moveStatus, sessionsOf } from './applications.ts';
import { rulesOf } from './shared.ts';

/**
 * Checks a submitted application: each rule the fund has is checked against the cost plan and the
 * deciding body's sessions, and noted with staff's own note on it where they wrote one (a note on a
 * rule overrides the automatic result: staff decide). Notes on further rules are kept as given. A
 * submitted application is now in review; checking again adds notes.
 */
export async function checkEligibility(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: EligibilityInput,
): Promise<{ application: Application; notes: EligibilityNote[] }> {
  authorize(actor, PROCESS);
  const { application, fund } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(eligibilityInput, input);
  const sessions = await sessionsOf(actor, db, fund);
  return db.transaction(async (tx) => {
    let app = (await lockApplication(tx, actor.tenantId, application.id))!;
    if (app.status !== 'submitted' && app.status !== 'in_review')
      throw new ValidationError({ status: `funds:errors.status.${app.status}` });
    const lines = await listCostLines(tx, actor.tenantId, app.id);
    const checks = checkRules(rulesOf(fund), { ...app, costLines: lines }, { day: dayOf(app), sessions });
    const given = new Map(v.notes.map((n) => [n.rule, n]));
    const rows = [
      ...checks.map((c) => given.get(c.rule) ?? { rule: c.rule, ok: c.ok, note: '' }),
      ...v.notes.filter((n) => !checks.some((c) => c.rule === n.rule)),
    ];
    const notes = rows.length
      ? await tx
          .insert(eligibilityNotes)
          .values(
            rows.map((n) => ({
              tenantId: actor.tenantId,
              id: newId(),
              applicationId: app.id,
              rule: n.rule,
              ok: n.ok,
              note: n.note,
              checkedBy: actor.userId ?? null,
            })),
          )
          .returning()
      : [];
    if (app.status === 'submitted') app = await moveStatus(tx, actor, actor.tenantId, app, 'in_review');
    return { application: app, notes };
  });
}

/** Sends the application back to the applicant with what to change (they change it and submit again). */
export async function requestChanges(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: NoteInput,
): Promise<Application> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(noteInput, input);
  if (!v.note) throw new ValidationError({ note: 'validation.required' });
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    return moveStatus(tx, actor, actor.tenantId, app, 'changes_requested', v.note);
  });
}

/**
 * Puts an application in review on the agenda of a meeting of the fund's deciding body: the meeting
 * given (also one held already, when staff record afterwards what it dealt with), else the next session it can reach (the first one not held or cancelled, from today on,
 * whose submission deadline had not passed when the application came in). The agenda item is a
 * closed decision item (applicants' names are not for the public agenda).
 */
export async function putOnAgenda(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: AgendaInput,
): Promise<Application> {
  authorize(actor, PROCESS);
  const { application, fund } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(agendaInput, input);
  if (!fund.decidingBodyId) throw new ValidationError({ meetingId: 'funds:errors.noDecidingBody' });
  let meetingId = v.meetingId;
  if (meetingId) {
    const found = await meetingFor(actor, db, meetingId).catch((err) => {
      if (err instanceof AppError) throw new ValidationError({ meetingId: 'validation.choice' });
      throw err;
    });
    if (found.body.id !== fund.decidingBodyId || found.meeting.status === 'cancelled')
      throw new ValidationError({ meetingId: 'validation.choice' });
  } else {
    const today = todayLocal();
    const next = sessionDeadlines(await sessionsOf(actor, db, fund), fund.deadlineDaysBeforeSession).find(
      (s) => s.date >= today && s.deadline >= dayOf(application),
    );
    if (!next) throw new ValidationError({ meetingId: 'funds:errors.noSession' });
    meetingId = next.session.id;
  }
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    if (app.status !== 'in_review')
      throw new ValidationError({ status: `funds:errors.status.${app.status}` });
    const added = await addAgendaItem(actor, tx, meetingId, {
      title: `Antrag ${fund.name}: ${app.title}`.slice(0, 300),
      kind: 'decision',
      public: false,
      text: `Beantragt: ${formatMoney(app.requestedCents, 'de')} (Gesamtkosten ${formatMoney(app.totalCents, 'de')})`,
    });
    const item = added[added.length - 1];
    return moveStatus(tx, actor, actor.tenantId, app, 'on_agenda', '', {
      meetingId,
      agendaItemId: item.id,
    });
  });
}
