/**
 * Demo content of the councils module in the demo programme area (QM-DEMO-1): a Quartiersrat and an
 * Aktionsfondsjury with clearly fictional members, a year of monthly meetings with agendas,
 * attendance and votes (minutes approved at the following meeting), the next meetings planned, and
 * one circulation vote under way. Made through the module's use cases, so every rule holds.
 * Idempotent; dates are relative to today.
 */
import { and, eq } from 'drizzle-orm';
import { systemActor } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import {
  addDays,
  addMonths,
  localToInstant,
  monthStart,
  todayLocal,
  weekdayOf,
} from '../../platform/time/index.ts';
import { principalFor } from '../access/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { findUserByEmail } from '../identity/index.ts';
import { listVenues } from '../network/index.ts';
import { meetings } from './db/schema.ts';
import { getBodyBySlug, type Meeting, type Member } from './queries.ts';
import type { MemberInput } from './schemas.ts';
import { seedDemoRecommendation } from './seed-recommendations.ts';
import { addAgendaItem } from './use-cases/agenda.ts';
import { recordAttendance } from './use-cases/attendance.ts';
import { createBody } from './use-cases/bodies.ts';
import {
  castCirculationBallotByLink,
  issueCirculationLink,
  openCirculation,
} from './use-cases/circulation.ts';
import { declareConflict } from './use-cases/conflicts.ts';
import { scheduleMeeting } from './use-cases/meetings.ts';
import { addMember } from './use-cases/members.ts';
import { recordVote } from './use-cases/votes.ts';

const COUNCIL_SLUG = 'quartiersrat-soldiner-kiez';
const JURY_SLUG = 'aktionsfondsjury-soldiner-kiez';
const DEMO_TEAM = 'team@example.org';

/** The `nth` given ISO weekday (1 = Monday) of the month that starts on `first`. */
function nthWeekday(first: string, weekday: number, nth: number): string {
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return addDays(first, offset + 7 * (nth - 1));
}

const TOPICS = [
  [
    'Spielplatz Koloniestraße: Stellungnahme zur Planung des Bezirksamts',
    'Der Quartiersrat unterstützt die Planung und bittet um einen zweiten Trinkbrunnen.',
  ],
  [
    'Projektfonds: Auswahl des Trägers für das Nachbarschaftscafé',
    'Der Quartiersrat empfiehlt den Träger „Kiezküche (Demo)“.',
  ],
  [
    'Hofbegrünung: Beteiligung der Wohnungsbaugesellschaft',
    'Der Quartiersrat bittet die Wohnungsbaugesellschaft um eine Begehung im Frühjahr.',
  ],
  ['Stadtteilfest: Termin und Arbeitsgruppe', 'Das Stadtteilfest findet am zweiten Samstag im Juni statt.'],
  [
    'Sauberkeit im Park: Hinweise an das Straßen- und Grünflächenamt',
    'Der Quartiersrat bittet um zusätzliche Papierkörbe am Spielplatz.',
  ],
  [
    'Integriertes Handlungskonzept: Schwerpunkte für das nächste Jahr',
    'Bildung und Nachbarschaft bleiben Schwerpunkte; Klima kommt hinzu.',
  ],
] as const;

const APPLICATIONS = [
  ['Hoffest Koloniestraße', 480],
  ['Lesepaten-Frühstück', 250],
  ['Laternenumzug der Kitas', 390],
  ['Nähcafé: Stoffe und Garn', 320],
  ['Kiezputz mit Grillen', 200],
  ['Fahrradwerkstatt: Werkzeug', 650],
  ['Seniorenkino im Gemeinschaftsraum', 300],
  ['Gärtnern im Hinterhof', 540],
] as const;

export async function seedDemoCouncils(services: Services, tenantId: string): Promise<void> {
  const db = services.db;
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area || (await getBodyBySlug(db, tenantId, COUNCIL_SLUG))) return;
  const venue = (await listVenues(db, tenantId, { scope: null, areaId: area.id, limit: 1 }))[0];
  // The demo team account sits in the council as a team member, if it belongs to this tenant (accounts
  // are shared by tenants: on a server with several, another tenant's demo may have made it).
  const teamUser = await findUserByEmail(db, DEMO_TEAM);
  const team = teamUser && (await principalFor(db, tenantId, teamUser.id)) ? teamUser : undefined;
  const today = todayLocal();
  const since = addMonths(today, -14);
  const person = (name: string, over: Partial<MemberInput> = {}): MemberInput => ({
    kind: 'resident',
    name,
    termFrom: since,
    termTo: addDays(addMonths(since, 24), -1),
    ...over,
  });
  const teamMember = (): MemberInput =>
    person('Quartiersmanagement Soldiner Kiez (Demo)', {
      kind: 'team',
      role: 'advisory',
      userId: team?.id ?? null,
      termTo: null,
    });

  // ── Quartiersrat ──────────────────────────────────────────────────────────────────────────
  const council = await createBody(sys, db, {
    name: 'Quartiersrat Soldiner Kiez',
    slug: COUNCIL_SLUG,
    kind: 'quartiersrat',
    areaId: area.id,
    purpose:
      'Der Quartiersrat berät das Quartiersmanagement, gibt Empfehlungen zum Projektfonds und bringt die Sicht der Bewohnerinnen, Bewohner und Einrichtungen in die Entwicklung des Kiezes ein. Die Sitzungen sind öffentlich.',
  });
  const councilMembers: Member[] = [];
  for (const m of [
    person('Aylin Demir (Demo)', { role: 'speaker', publishName: true }),
    person('Jonas Weber (Demo)', { role: 'deputy', publishName: true }),
    person('Fatma Yıldız (Demo)', { publishName: true }),
    person('Peter Schulz (Demo)'),
    person('Marta Nowak (Demo)', { publishName: true }),
    person('Karim Haddad (Demo)'),
    person('Lena Hoffmann (Demo)', { publishName: true }),
    person('Vertretung Kita Sonnenblume (Demo)', {
      kind: 'organisation',
      organisation: 'Kita Sonnenblume (Demo)',
    }),
    person('Vertretung Grundschule am Park (Demo)', {
      kind: 'organisation',
      organisation: 'Grundschule am Park (Demo)',
    }),
    person('Vertretung Nachbarschaftsverein (Demo)', {
      kind: 'organisation',
      organisation: 'Nachbarschaftsverein Soldiner Kiez (Demo)',
    }),
    person('Bezirksamt, Sozialraumorientierte Planungskoordination (Demo)', {
      kind: 'administration',
      role: 'advisory',
      department: 'SPK',
      termTo: null,
    }),
    teamMember(),
  ])
    councilMembers.push((await addMember(sys, db, council.id, m)).member);

  // ── Aktionsfondsjury ──────────────────────────────────────────────────────────────────────
  const jury = await createBody(sys, db, {
    name: 'Aktionsfondsjury Soldiner Kiez',
    slug: JURY_SLUG,
    kind: 'aktionsfondsjury',
    areaId: area.id,
    purpose:
      'Die Jury aus Bewohnerinnen und Bewohnern entscheidet jeden Monat über die Anträge an den Aktionsfonds (bis 1.500 € je Antrag, 10.000 € im Jahr).',
  });
  const jurors: Member[] = [];
  for (const m of [
    person('Sabine Krüger (Demo)', { role: 'speaker' }),
    person('Mehmet Arslan (Demo)'),
    person('Olga Petrova (Demo)'),
    person('Tom Richter (Demo)'),
    person('Nadia Benali (Demo)'),
    teamMember(),
  ])
    jurors.push((await addMember(sys, db, jury.id, m)).member);

  // ── A year of meetings ────────────────────────────────────────────────────────────────────
  const firstMonth = monthStart(addMonths(today, -12));
  const series = async (bodyId: string, weekday: number, time: string, title: string) => {
    const date = nthWeekday(firstMonth, weekday, 2);
    return (
      await scheduleMeeting(sys, db, bodyId, {
        title,
        startsAt: localToInstant(date, time),
        endsAt: localToInstant(date, time === '18:30' ? '20:30' : '19:00'),
        venueId: venue?.id ?? null,
        locationName: venue ? '' : 'Nachbarschaftstreff Koloniestraße (Demo)',
        repeatMonthly: 14,
      })
    ).meetings;
  };
  const councilMeetings = await series(council.id, 2, '18:30', 'Sitzung des Quartiersrats');
  const juryMeetings = await series(jury.id, 4, '17:00', 'Jurysitzung');
  const now = Date.now();
  const held = (list: Meeting[]) => list.filter((m) => m.startsAt.getTime() < now - 86_400_000);
  const upcoming = (list: Meeting[]) => list.filter((m) => m.startsAt.getTime() > now);

  const attend = async (meeting: Meeting, list: Member[], i: number) => {
    const entries = list.map((m, j) => ({
      memberId: m.id,
      status: (m.voting && (i + j) % 5 === 0 ? 'excused' : 'present') as 'excused' | 'present',
    }));
    await recordAttendance(sys, db, meeting.id, {
      entries,
      guests: i % 3 === 0 ? ['Gast aus der Nachbarschaft'] : [],
    });
    return entries.filter((e, j) => e.status === 'present' && list[j].voting).length;
  };
  const circulated = (meeting: Meeting) =>
    db
      .update(meetings)
      .set({ minutesStatus: 'circulated' })
      .where(and(ofTenant(meetings, tenantId), eq(meetings.id, meeting.id)));

  for (const [i, meeting] of held(councilMeetings).entries()) {
    const [topic, resolution] = TOPICS[i % TOPICS.length];
    const items = [
      ...(await addAgendaItem(sys, db, meeting.id, {
        title: 'Bericht des Quartiersmanagements',
        kind: 'information',
        presenter: 'Quartiersmanagement',
      })),
      ...(await addAgendaItem(sys, db, meeting.id, { title: topic, kind: 'decision', text: resolution })),
      ...(await addAgendaItem(sys, db, meeting.id, { title: 'Verschiedenes', kind: 'discussion' })),
    ];
    const present = await attend(meeting, councilMembers, i);
    for (const item of items) {
      if (item.kind === 'approval_of_minutes')
        await recordVote(sys, db, item.id, { kind: 'open', counts: { yes: present - 1, no: 0, abstain: 1 } });
      if (item.kind === 'decision')
        await recordVote(sys, db, item.id, {
          kind: 'open',
          subject: topic,
          counts: { yes: present - 2, no: 1, abstain: 1 },
          resolution,
        });
    }
    await circulated(meeting);
  }

  let application = 0;
  for (const [i, meeting] of held(juryMeetings).entries()) {
    const items = [];
    for (let k = 0; k < 2 + (i % 2); k++) {
      const [what, euros] = APPLICATIONS[application++ % APPLICATIONS.length];
      items.push(
        ...(await addAgendaItem(sys, db, meeting.id, {
          title: `Antrag: ${what} (${euros} €)`,
          kind: 'decision',
          public: false,
        })),
      );
    }
    const present = await attend(meeting, jurors, i);
    for (const item of items) {
      if (item.kind === 'approval_of_minutes') {
        await recordVote(sys, db, item.id, { kind: 'open', counts: { yes: present, no: 0, abstain: 0 } });
        continue;
      }
      // Every fourth meeting a juror has a stake in one application and does not vote on it.
      let voters = present;
      if (i % 4 === 1 && item === items.at(-1)) {
        const stake = jurors.find((j, n) => j.voting && (i + n) % 5 !== 0)!;
        await declareConflict(sys, db, {
          agendaItemId: item.id,
          memberId: stake.id,
          note: 'Mitglied des antragstellenden Vereins',
        });
        voters--;
      }
      const rejected = i % 5 === 3 && item === items[items.length - 1];
      await recordVote(sys, db, item.id, {
        kind: 'open',
        subject: item.title.replace(/^Antrag: /, ''),
        counts: rejected ? { yes: 1, no: voters - 1, abstain: 0 } : { yes: voters - 1, no: 0, abstain: 1 },
        resolution: rejected
          ? 'Die Jury lehnt den Antrag ab: Personalkosten sind aus dem Aktionsfonds nicht förderfähig.'
          : 'Die Jury bewilligt den Antrag in voller Höhe.',
      });
    }
    await circulated(meeting);
  }

  // The next meetings: the approval of the last minutes comes first by itself.
  const [nextCouncil] = upcoming(councilMeetings);
  if (nextCouncil)
    await addAgendaItem(sys, db, nextCouncil.id, {
      title: 'Projektfonds: Ideen für das nächste Jahr sammeln',
      kind: 'discussion',
    });
  const [nextJury] = upcoming(juryMeetings);
  if (nextJury)
    await addAgendaItem(sys, db, nextJury.id, {
      title: 'Antrag: Kiezflohmarkt (400 €)',
      kind: 'decision',
      public: false,
    });

  // A circulation vote under way: an urgent application between two meetings, two ballots in.
  const circulation = await openCirculation(sys, db, jury.id, {
    title: 'Eilantrag: Zuschuss für den Laternenumzug (250 €)',
    motion:
      'Die Jury bewilligt 250 € für Laternen und Kerzen; der Umzug findet vor der nächsten Sitzung statt.',
    closesAt: new Date(now + 5 * 86_400_000),
  });
  for (const member of jurors.filter((j) => j.voting).slice(0, 2))
    await castCirculationBallotByLink(
      db,
      tenantId,
      await issueCirculationLink(sys, db, circulation.id, member.id),
      {
        choice: 'yes',
      },
    );

  // A recommendation to the administration from the council's last carried resolution (BODY-3).
  await seedDemoRecommendation(services, tenantId, COUNCIL_SLUG);
}
