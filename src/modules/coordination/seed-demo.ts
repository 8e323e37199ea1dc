/**
 * Demo content of the coordination module: the district's departments, and needs in the demo
 * programme area (QM-DEMO-1) — one routed to two departments, answered by one and overdue at the
 * other; one waiting to be routed; one in progress. Made through the module's use cases (as the
 * system), so every rule holds. The Quartiersrat's recommendation comes with the councils seed, which
 * runs after this one. Idempotent; dates are relative to today.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listDepartments } from './queries.ts';
import { createDepartment } from './use-cases/departments.ts';
import { reportNeed } from './use-cases/needs.ts';
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
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area || (await listDepartments(db, tenantId, { archived: true })).length > 0) return;
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
