/**
 * The deciding body's decision on an application (FUND-3). The vote is a vote of the councils module
 * on the application's agenda item (quorum, majority, conflicts of interest are its rules: a member
 * with a declared conflict does not vote and is not counted). A grant is committed in the fund-year's
 * ledger in the same transaction as the vote and the application's new status, so either all of it
 * lands or none; the database refuses the commitment that would over-commit the year, also when
 * decisions land at the same moment.
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import {
  declareConflict,
  type RecordedVote,
  recordVote,
  type VoteInputData,
  voteFor,
} from '../../councils/index.ts';
import { ledger } from '../db/schema.ts';
import { appendProblem } from '../domain/ledger.ts';
import { grantProblem } from '../domain/rules.ts';
import { loadApplication, PROCESS } from '../policies.ts';
import { type Application, listLedger, lockApplication, lockFundYear } from '../queries.ts';
import { decisionInput, parse } from '../schemas.ts';
import { moveStatus } from './applications.ts';
import { ledgerRefusal } from './shared.ts';

export type DecisionInput = Omit<import('zod').input<typeof decisionInput>, 'vote'> & {
  vote?: VoteInputData;
};

/**
 * Records the decision on an application on the agenda: the vote (recorded now through the councils
 * module, or an existing vote on its agenda item named by id), the members who declared a conflict
 * of interest (before the vote), and for a grant the amount (at most what was asked for and the
 * fund's cap; a carried vote) with its conditions, committed in the ledger; for a refusal its reasons.
 */
export async function recordDecision(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: DecisionInput,
): Promise<{ application: Application; vote: RecordedVote }> {
  authorize(actor, PROCESS);
  const { application, fund } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(decisionInput, input);
  const granted = v.outcome === 'granted';
  if (granted) {
    if (v.grantedCents === null) throw new ValidationError({ grantedCents: 'validation.required' });
    const problem = grantProblem(v.grantedCents, application.requestedCents, fund.capCents);
    if (problem) throw new ValidationError({ grantedCents: problem });
  } else if (!v.refusalReasons) throw new ValidationError({ refusalReasons: 'validation.required' });
  if (!input.vote && !v.voteId) throw new ValidationError({ vote: 'funds:errors.voteNeeded' });
  try {
    return await db.transaction(async (tx) => {
      const app = (await lockApplication(tx, actor.tenantId, application.id))!;
      if (app.status !== 'on_agenda' || !app.agendaItemId)
        throw new ValidationError({ status: `funds:errors.status.${app.status}` });
      for (const memberId of v.conflictedMemberIds)
        await declareConflict(actor, tx, { memberId, agendaItemId: app.agendaItemId, note: app.title });
      let vote: RecordedVote;
      if (input.vote) vote = await recordVote(actor, tx, app.agendaItemId, input.vote);
      else {
        vote = await voteFor(actor, tx, v.voteId!).catch((err) => {
          if (err instanceof AppError) throw new ValidationError({ voteId: 'validation.choice' });
          throw err;
        });
        if (vote.agendaItemId !== app.agendaItemId)
          throw new ValidationError({ voteId: 'validation.choice' });
      }
      if (granted !== (vote.result === 'accepted'))
        throw new ValidationError({
          outcome: granted ? 'funds:errors.voteNotCarried' : 'funds:errors.voteCarried',
        });
      if (granted) {
        // The year's row first: entries of one year one at a time, and the entry's id made after the
        // lock, so the ledger's order by id is the order it was written in.
        const fy = await lockFundYear(tx, actor.tenantId, app.fundYearId);
        if (!fy || fy.closedAt) throw new ValidationError({ grantedCents: 'funds:errors.yearClosed' });
        const entry = { kind: 'commitment' as const, amountCents: v.grantedCents!, applicationId: app.id };
        const problem = appendProblem(fy.budgetCents, await listLedger(tx, actor.tenantId, fy.id), entry);
        if (problem) throw new ValidationError({ grantedCents: problem });
        await tx.insert(ledger).values({
          tenantId: actor.tenantId,
          id: newId(),
          fundYearId: fy.id,
          ...entry,
          note: v.conditions.slice(0, 1000),
          bookedOn: todayLocal(),
          createdBy: actor.userId ?? null,
        });
      }
      const row = await moveStatus(tx, actor, actor.tenantId, app, granted ? 'granted' : 'refused', '', {
        voteId: vote.id,
        decidedAt: new Date(),
        grantedCents: granted ? v.grantedCents : null,
        conditions: granted ? v.conditions : '',
        refusalReasons: granted ? '' : v.refusalReasons,
      });
      return { application: row, vote };
    });
  } catch (err) {
    throw ledgerRefusal(err, 'grantedCents');
  }
}
