/**
 * Recommendations to the administration (BODY-3): from a carried resolution of an agenda item, the
 * staff who manage the body address a recommendation ("Hinweis an die Verwaltung") to one or more
 * departments. It is a need of the coordination module whose source is the body, the item and the
 * vote, made through coordination's public surface — one routing, answers and reminders for both.
 * This module checks the body, the item and the vote; coordination checks the member may report in
 * the body's area and the departments.
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import {
  mayReadNeeds,
  type Need,
  type NeedSummary,
  recommendationsOfBody,
  reportRecommendation,
  type Topic,
} from '../../coordination/index.ts';
import { loadBody, loadItem, MANAGE, READ } from '../policies.ts';
import {
  type AgendaItem,
  type Body,
  listAgendaItems,
  listMeetings,
  listVotes,
  type Meeting,
  type Vote,
} from '../queries.ts';

/** What the body addresses to the administration; the source (body, item, vote) comes from here. */
export interface RecommendationFields {
  title: string;
  description: string;
  topic: Topic;
  departmentIds: string[];
  /** YYYY-MM-DD: by when the departments should answer. */
  deadline: string;
}

/** The carried vote of the item the recommendation rests on (the last one); without one there is no resolution (404). */
function carried(votes: readonly Vote[]): Vote {
  const vote = votes.filter((v) => v.result === 'accepted').at(-1);
  if (!vote) throw new AppError(404, 'resolution_not_found');
  return vote;
}

/** The agenda item with its carried vote, checked: only staff who manage the body. */
export async function resolutionFor(
  actor: Actor,
  db: Db,
  itemId: string,
): Promise<{ item: AgendaItem; meeting: Meeting; body: Body; vote: Vote }> {
  authorize(actor, MANAGE);
  const { item, meeting, body } = await loadItem(actor, db, itemId, MANAGE);
  // Approving the minutes is the body's own business, no resolution for the administration.
  if (item.kind === 'approval_of_minutes') throw new AppError(404, 'resolution_not_found');
  return { item, meeting, body, vote: carried(await listVotes(db, actor.tenantId, item.id)) };
}

/** Records the recommendation of a carried resolution, addressed to the departments given. */
export async function recommendToAdministration(
  actor: Actor,
  db: Db,
  itemId: string,
  input: RecommendationFields,
): Promise<Need> {
  authorize(actor, MANAGE);
  const { item, body, vote } = await resolutionFor(actor, db, itemId);
  if (!body.areaId)
    throw new ValidationError({ departmentIds: 'councils:recommendation.errors.bodyWithoutArea' });
  return reportRecommendation(actor, db, {
    ...input,
    bodyId: body.id,
    agendaItemId: item.id,
    voteId: vote.id,
    bodyName: body.name,
    areaId: body.areaId,
  });
}

/** The carried resolutions of the body's meetings (newest first, approvals of minutes left out), each with its item and meeting. */
export async function carriedResolutionsFor(
  actor: Actor,
  db: Db,
  bodyId: string,
): Promise<{ meeting: Meeting; item: AgendaItem; vote: Vote }[]> {
  authorize(actor, MANAGE);
  const body = await loadBody(actor, db, bodyId, MANAGE);
  const out: { meeting: Meeting; item: AgendaItem; vote: Vote }[] = [];
  for (const meeting of await listMeetings(db, actor.tenantId, body.id, { newestFirst: true }))
    for (const item of await listAgendaItems(db, actor.tenantId, meeting.id)) {
      if (item.kind === 'approval_of_minutes') continue;
      const vote = (await listVotes(db, actor.tenantId, item.id))
        .filter((v) => v.result === 'accepted')
        .at(-1);
      if (vote) out.push({ meeting, item, vote });
    }
  return out;
}

/**
 * The body's recommendations with their status and the departments' answers, for the body's staff
 * page: members who read the body and may read needs (body members without a staff role see them on
 * the public page of a public body).
 */
export async function recommendationsFor(
  actor: Actor,
  db: Db,
  bodyId: string,
): Promise<{ body: Body; recommendations: NeedSummary[] }> {
  authorize(actor, READ);
  const body = await loadBody(actor, db, bodyId, READ);
  if (!mayReadNeeds(actor)) throw new AppError(403, 'forbidden');
  return { body, recommendations: await recommendationsOfBody(actor, db, body.id) };
}
