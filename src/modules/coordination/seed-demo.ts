/**
 * Demo content of the coordination module: the district's departments, and needs in the demo
 * programme area (QM-DEMO-1) — one routed to two departments, answered by one and overdue at the
 * other; one waiting to be routed; one in progress. Budgets of the area and its district from four
 * sources each year, last year and this year, and the Prüfsteine rated for both years; the area's
 * adopted integrated action plan (seed-demo-plan.ts). Made through the module's use cases (as the
 * system), so every rule holds. The Quartiersrat's recommendation comes with the councils seed, which
 * runs after this one. Idempotent; dates are relative to today.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listDepartments } from './queries.ts';
import { seedDemoPlan } from './seed-demo-plan.ts';
import { createDepartment } from './use-cases/departments.ts';
import { reportNeed } from './use-cases/needs.ts';
import { ratePruefstein } from './use-cases/pruefsteine.ts';
import { resourcesFor, saveBudgetLine } from './use-cases/resources.ts';
import { answerRouting, routeNeed } from './use-cases/routing.ts';

/** Departments of a Berlin district office (names as department memberships would carry them). */
export const DEMO_DEPARTMENTS = [
  { name: 'Jugendamt', shortName: 'Jug' },
  { name: 'Sozialamt', shortName: 'Soz' },
  { name: 'Schulamt', shortName: 'Schul' },
  { name: 'Gesundheitsamt', shortName: 'Ges' },
  { name: 'Straßen- und Grünflächenamt', shortName: 'SGA' },
  { name: 'Stadtentwicklungsamt', shortName: 'Stadt' },
];

export async function seedDemoCoordination(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area) return;
  await seedDemoResources(services, tenantId);
  if ((await listDepartments(db, tenantId, { archived: true })).length === 0)
    await seedDemoDepartmentsAndNeeds(services, tenantId, area.id);
  // The integrated action plan of the demo area (it names the departments, so it comes after them).
  await seedDemoPlan(services, tenantId);
}

async function seedDemoDepartmentsAndNeeds(services: Services, tenantId: string, areaId: string) {
  const { db } = services;
  const sys = systemActor(tenantId);
  const area = { id: areaId };
  const made = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) made.set(d.name, (await createDepartment(sys, db, d)).id);
  const today = todayLocal();

  const homework = await reportNeed(sys, db, {
    title: 'Zu wenige Plätze in der Hausaufgabenhilfe',
    description:
      'Die Hausaufgabenhilfe im Nachbarschaftstreff hat eine Warteliste von über 30 Kindern der Klassen 3 bis 6; die beiden Grundschulen im Kiez melden denselben Bedarf.',
    areaId: area.id,
    topic: 'education',
    evidence: 'Warteliste des Nachbarschaftstreffs (Stand letzter Monat); Rückmeldung der Schulsozialarbeit.',
    urgency: 'high',
  });
  const [atYouth, atSchool] = await routeNeed(sys, db, homework.id, {
    routes: [
      { departmentId: made.get('Jugendamt')!, deadline: addDays(today, -10) },
      { departmentId: made.get('Schulamt')!, deadline: addDays(today, 14) },
    ],
  });
  await answerRouting(sys, db, atSchool.id, {
    status: 'answered',
    answer:
      'Das Schulamt prüft mit beiden Schulen eine zusätzliche Gruppe im Ganztag ab dem nächsten Halbjahr; die Räume sind vorhanden, die Finanzierung der Honorare wird beantragt.',
  });
  void atYouth;

  await reportNeed(sys, db, {
    title: 'Dunkler Durchgang zwischen Soldiner Straße und Koloniestraße',
    description: 'Der Durchgang ist abends unbeleuchtet; Eltern und Jugendliche meiden ihn.',
    areaId: area.id,
    topic: 'public_space',
    evidence: 'Mehrfach im Kiezspaziergang und in der Sprechstunde genannt.',
    urgency: 'normal',
  });

  const playground = await reportNeed(sys, db, {
    title: 'Spielplatz Koloniestraße: Geräte gesperrt',
    description: 'Zwei von drei Spielgeräten sind seit dem Frühjahr mit Flatterband gesperrt.',
    areaId: area.id,
    topic: 'public_space',
    evidence: 'Fotos des Quartiersteams.',
    urgency: 'normal',
  });
  const [atParks] = await routeNeed(sys, db, playground.id, {
    routes: [{ departmentId: made.get('Straßen- und Grünflächenamt')!, deadline: addDays(today, 21) }],
  });
  await answerRouting(sys, db, atParks.id, { status: 'in_progress', answer: '' });
}

/** Budget lines (euros as typed) of the demo area and its district, last year and this year. */
const DEMO_BUDGETS: {
  area: 'qm' | 'district';
  source: string;
  kind: 'regular' | 'programme';
  amounts: [string, string];
  reference: string;
}[] = [
  {
    area: 'qm',
    source: 'Sozialer Zusammenhalt',
    kind: 'programme',
    amounts: ['395.000,00', '420.000,00'],
    reference: 'Programmjahr, Zuwendungsbescheid der Senatsverwaltung',
  },
  {
    area: 'qm',
    source: 'Aktionsfonds',
    kind: 'programme',
    amounts: ['10.000,00', '10.000,00'],
    reference: 'Fonds der Quartiersjury',
  },
  {
    area: 'qm',
    source: 'Jugendamt',
    kind: 'regular',
    amounts: ['172.500,00', '185.000,00'],
    reference: 'Jugendfreizeiteinrichtung und Straßensozialarbeit',
  },
  {
    area: 'qm',
    source: 'Schulamt',
    kind: 'regular',
    amounts: ['60.000,00', '64.000,00'],
    reference: 'Schulsozialarbeit an zwei Grundschulen',
  },
  {
    area: 'district',
    source: 'Stadtumbau',
    kind: 'programme',
    amounts: ['1.100.000,00', '1.250.000,00'],
    reference: 'Gesamtmaßnahme Fördergebiet',
  },
  {
    area: 'district',
    source: 'Jugendamt',
    kind: 'regular',
    amounts: ['2.350.000,00', '2.400.000,00'],
    reference: 'Regionale Jugendarbeit',
  },
];

/**
 * Ratings of the ten Prüfsteine (last year, this year) with a comment and evidence. Evidence paths are
 * kept relative to the tenant, so they are written here below a stand-in slug.
 */
const DEMO_RATINGS: {
  number: number;
  ratings: [number, number | null];
  comment: string;
  evidence: { label: string; link: string }[];
}[] = [
  {
    number: 1,
    ratings: [1, 2],
    comment:
      'Rollen der sechs Fachämter in der Geschäftsordnung der Sozialraumorientierung beschrieben; Jugend- und Schulamt haben sie verabschiedet.',
    evidence: [{ label: 'Fachämter und ihre Gebiete', link: '/staff/seed/coordination/departments' }],
  },
  {
    number: 2,
    ratings: [1, 1],
    comment: 'Eine verbindliche Vorgabe gibt es erst im Jugendamt.',
    evidence: [],
  },
  {
    number: 3,
    ratings: [2, 3],
    comment: 'Quartiersteam, Stadtteilzentrum und Schulsozialarbeit melden Bedarfe über Quartier.',
    evidence: [{ label: 'Bedarfsmeldungen', link: '/staff/seed/coordination' }],
  },
  {
    number: 4,
    ratings: [2, 2],
    comment: 'Bezirksregionenprofile liegen vor, werden aber selten genutzt.',
    evidence: [],
  },
  {
    number: 5,
    ratings: [1, 2],
    comment: 'Monatliche Runde der Fachämter zu den Bedarfen des Soldiner Kiezes.',
    evidence: [{ label: 'Bedarfsmeldungen mit Antworten', link: '/staff/seed/coordination' }],
  },
  {
    number: 6,
    ratings: [2, 2],
    comment: 'Steuerungsrunde tagt vierteljährlich; die Senatsverwaltung nimmt selten teil.',
    evidence: [],
  },
  {
    number: 7,
    ratings: [2, 3],
    comment:
      'Sozialer Zusammenhalt und Aktionsfonds stehen in der Ressourcenübersicht neben den Regelmitteln.',
    evidence: [{ label: 'Ressourcen je Gebiet', link: '/staff/seed/coordination/resources' }],
  },
  {
    number: 8,
    ratings: [3, 3],
    comment: 'Quartiersrat und Stadtteilkonferenz mit festen Terminen.',
    evidence: [{ label: 'Handlungskonzepte (öffentlich)', link: '/seed/plans' }],
  },
  {
    number: 9,
    ratings: [1, 2],
    comment: 'Erstmals alle Mittel je Gebiet nebeneinander; eine gemeinsame Planung fehlt noch.',
    evidence: [{ label: 'Ressourcen je Gebiet', link: '/staff/seed/coordination/resources' }],
  },
  { number: 10, ratings: [2, null], comment: 'Noch keine Befragung der Bewohnerschaft.', evidence: [] },
];

/** Budgets for the demo area and its district (last year and this year), and the Prüfsteine assessment. */
export async function seedDemoResources(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const sys = systemActor(tenantId);
  const qm = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!qm || (await resourcesFor(sys, db)).years.length > 1) return;
  const district = await getAreaByKey(db, tenantId, 'district', '01');
  const year = Number(todayLocal().slice(0, 4));
  for (const b of DEMO_BUDGETS) {
    const area = b.area === 'qm' ? qm : district;
    if (!area) continue;
    for (const [i, amount] of b.amounts.entries())
      await saveBudgetLine(sys, db, {
        areaId: area.id,
        year: year - 1 + i,
        source: b.source,
        kind: b.kind,
        amount,
        reference: b.reference,
      });
  }
  const site = { slug: 'seed', baseUrl: services.config.baseUrl };
  for (const r of DEMO_RATINGS)
    for (const [i, rating] of r.ratings.entries())
      if (rating !== null)
        await ratePruefstein(
          sys,
          db,
          year - 1 + i,
          r.number,
          { rating, comment: r.comment, evidence: r.evidence },
          site,
        );
}
