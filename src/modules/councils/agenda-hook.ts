/**
 * The councils module's agenda hook (manifest `agenda`, platform/modules.ts `AgendaHook`): other
 * modules put an item on a body's next meeting without importing this module — the coordination
 * module escalates an overdue need to a steering round this way (coordination does not import
 * councils; councils imports coordination for the recommendations of its bodies). Both functions go
 * through this module's use cases, which check the acting member (they must manage the body).
 */
import { can } from '../../platform/authz.ts';
import type { AgendaHook } from '../../platform/modules.ts';
import { MANAGE } from './policies.ts';
import { addAgendaItem } from './use-cases/agenda.ts';
import { listBodiesFor } from './use-cases/bodies.ts';
import { meetingsFor, scheduleMeeting } from './use-cases/meetings.ts';

/** Steering rounds first (the bodies escalation is meant for), then working groups, then the others. */
const rank = (kind: string) => (kind.startsWith('steering_') ? 0 : kind === 'working_group' ? 1 : 2);

export const councilsAgenda: AgendaHook = {
  async bodies(services, actor, now) {
    const bodies = (await listBodiesFor(actor, services.db)).filter(
      (b) => !b.dissolvedOn && can(actor, MANAGE, b.areaIds),
    );
    bodies.sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name, 'de'));
    return Promise.all(
      bodies.map(async (b) => {
        const next = (await meetingsFor(actor, services.db, b.id))
          .filter(
            (m) => m.status !== 'cancelled' && m.status !== 'held' && m.startsAt.getTime() > now.getTime(),
          )
          .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())[0];
        return {
          id: b.id,
          name: b.name,
          nextMeeting: next ? { id: next.id, startsAt: next.startsAt } : null,
        };
      }),
    );
  },

  async addItem(services, actor, input) {
    const { db } = services;
    const next = (await meetingsFor(actor, db, input.bodyId))
      .filter(
        (m) => m.status !== 'cancelled' && m.status !== 'held' && m.startsAt.getTime() > input.now.getTime(),
      )
      .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())[0];
    const meeting =
      next ??
      (input.startsAt
        ? (await scheduleMeeting(actor, db, input.bodyId, { startsAt: input.startsAt })).meetings[0]
        : null);
    if (!meeting) throw new Error('no meeting: the caller checks that a date is given');
    const items = await addAgendaItem(actor, db, meeting.id, {
      title: input.title,
      kind: 'discussion',
      text: input.text,
    });
    const item = items.at(-1)!;
    return {
      meetingId: meeting.id,
      itemId: item.id,
      startsAt: meeting.startsAt,
      path: `/councils/meetings/${meeting.id}`,
    };
  },
};
