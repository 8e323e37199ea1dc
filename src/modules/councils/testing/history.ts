// Test and bench support: a body with a long history of monthly meetings, written straight into the
// tables (the use cases' rules are tested elsewhere; this is about reading a lot of it). Used by the
// OParl and public page tests and by `npm run bench`.

import type { Db } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/db/index.ts';
import { addMonths, localDate, localToInstant } from '../../../platform/time/index.ts';
import { agendaItems, attendance, bodies, meetings, members, votes } from '../db/schema.ts';
import type { AgendaKind } from '../domain/vocab.ts';

export interface HistoryOptions {
  name: string;
  slug: string;
  public?: boolean;
  areaId?: string | null;
  areaIds?: string[];
  purpose?: string;
  /** Monthly meetings, the last one in the month of `until` (Berlin, 18:00 on the 10th). */
  meetings: number;
  /** Agenda items over all meetings, spread evenly (at least one per meeting). */
  items: number;
  until?: string;
  /** Voting residents; the first one consents to publish the name. */
  voters?: number;
  /** Prefix of every text (names, titles, resolutions), so a test can find or miss them. */
  marker?: string;
}

const KINDS: AgendaKind[] = ['information', 'discussion', 'decision'];

export async function seedCouncilHistory(db: Db, tenantId: string, o: HistoryOptions) {
  const marker = o.marker ?? '';
  const bodyId = newId();
  await db.insert(bodies).values({
    tenantId,
    id: bodyId,
    slug: o.slug,
    name: o.name,
    kind: 'quartiersrat',
    purpose: o.purpose ?? `${marker}Der Rat berät über das Quartier.`,
    areaId: o.areaId ?? null,
    areaIds: o.areaIds ?? [],
    public: o.public ?? true,
  });
  const until = o.until ?? localDate(new Date());
  const first = addMonths(`${until.slice(0, 7)}-10`, -(o.meetings - 1));
  const people = Array.from({ length: o.voters ?? 5 }, (_, i) => ({
    tenantId,
    id: newId(),
    bodyId,
    kind: 'resident' as const,
    name: `${marker}Mitglied ${i + 1}`,
    publishName: i === 0,
    publishNameConsentAt: i === 0 ? new Date() : null,
    email: `mitglied${i + 1}@example.org`,
    termFrom: addMonths(first, -1),
  }));
  await db.insert(members).values(people);
  const present = people.map((p) => p.id);
  const perMeeting = Math.max(1, Math.floor(o.items / o.meetings));
  let extra = Math.max(0, o.items - perMeeting * o.meetings);
  const meetingIds: string[] = [];
  for (let n = 0; n < o.meetings; n++) {
    const day = addMonths(first, n);
    const startsAt = localToInstant(day, '18:00');
    const meetingId = newId();
    meetingIds.push(meetingId);
    await db.insert(meetings).values({
      tenantId,
      id: meetingId,
      bodyId,
      title: `${marker}Sitzung ${day.slice(0, 7)}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      locationName: `${marker}Nachbarschaftshaus`,
      status: startsAt < new Date() ? 'held' : 'planned',
      minutesStatus: startsAt < new Date() ? 'approved' : 'none',
    });
    await db.insert(attendance).values(
      present.map((memberId) => ({
        tenantId,
        id: newId(),
        meetingId,
        memberId,
        status: 'present' as const,
      })),
    );
    const count = perMeeting + (extra-- > 0 ? 1 : 0);
    const items = Array.from({ length: count }, (_, i) => ({
      tenantId,
      id: newId(),
      meetingId,
      position: i + 1,
      title: `${marker}Punkt ${i + 1}`,
      kind: KINDS[i % KINDS.length],
      text: i % KINDS.length === 2 ? `${marker}Vorlage zu Punkt ${i + 1}` : '',
    }));
    await db.insert(agendaItems).values(items);
    const decided = items.filter((i) => i.kind === 'decision' && startsAt < new Date());
    if (decided.length)
      await db.insert(votes).values(
        decided.map((i) => ({
          tenantId,
          id: newId(),
          agendaItemId: i.id,
          kind: 'open' as const,
          yes: present.length - 1,
          no: 1,
          abstain: 0,
          entitled: present.length,
          presentMemberIds: present,
          quorum: Math.floor(present.length / 2) + 1,
          result: 'accepted' as const,
          resolution: `${marker}Beschluss zu ${i.title}`,
        })),
      );
  }
  return { bodyId, memberIds: present, meetingIds };
}
