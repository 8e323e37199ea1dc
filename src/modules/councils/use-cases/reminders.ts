/**
 * What waits for the staff who manage bodies (the staff start page's inbox and the "due" list):
 * invitations that are due and not sent, and terms that end soon. Nothing is
 * stored: both are read from the meetings and member records as they are now, so a reminder goes
 * away the moment the invitation is sent or the term is ended otherwise.
 */
import { type Actor, authorize, can, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { InboxItem, InboxQuery } from '../../../platform/modules.ts';
import { addDays } from '../../../platform/time/index.ts';
import { MANAGE } from '../policies.ts';
import { invitationsDue, termsEnding } from '../queries.ts';

/** How many days ahead an ending term shows (time to prepare an election or a new term). */
export const TERM_NOTICE_DAYS = 30;

export interface DueQuery {
  /** The area chosen in the staff area switcher (null: all the member's areas). */
  currentAreaId: string | null;
  now: Date;
  /** Today in Berlin. */
  today: string;
}

/** The due invitations and ending terms in the bodies the member manages. */
export async function dueWorkFor(actor: Actor, db: Db, q: DueQuery) {
  authorize(actor, MANAGE);
  const scope = scopeOf(actor, MANAGE);
  const [invitations, terms] = await Promise.all([
    invitationsDue(db, actor.tenantId, { scope, areaId: q.currentAreaId, now: q.now, today: q.today }),
    termsEnding(db, actor.tenantId, {
      scope,
      areaId: q.currentAreaId,
      today: q.today,
      until: addDays(q.today, TERM_NOTICE_DAYS),
    }),
  ]);
  return { invitations, terms };
}

/** The inbox lines: only for members who manage bodies, counted as the "due" list shows them. */
export async function councilsInbox(services: Services, actor: Actor, q: InboxQuery): Promise<InboxItem[]> {
  if (!can(actor, MANAGE)) return [];
  const due = await dueWorkFor(actor, services.db, q);
  return [
    {
      key: 'councils.invitationsDue',
      label: 'inbox.invitationsDue',
      count: due.invitations.length,
      href: '/councils/due#invitations',
    },
    {
      key: 'councils.termsEnding',
      label: 'inbox.termsEnding',
      count: due.terms.length,
      href: '/councils/due#terms',
    },
  ];
}
