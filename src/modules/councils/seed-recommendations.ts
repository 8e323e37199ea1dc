/**
 * Demo content of BODY-3: the demo Quartiersrat's recommendation to the administration, from its
 * resolution on the playground planning (else its latest carried one), addressed to the Straßen- und
 * Grünflächenamt and the Jugendamt (departments of the coordination module's demo seed, which runs
 * before this one); the Straßen- und Grünflächenamt has answered. Made through the use cases; nothing
 * when the departments are missing or the recommendation exists already.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { answerRouting, departmentsFor, recommendationsOfBody } from '../coordination/index.ts';
import { getBodyBySlug } from './queries.ts';
import { carriedResolutionsFor, recommendToAdministration } from './use-cases/recommendations.ts';

export async function seedDemoRecommendation(
  services: Services,
  tenantId: string,
  slug: string,
): Promise<void> {
  const { db } = services;
  const sys = systemActor(tenantId);
  const body = await getBodyBySlug(db, tenantId, slug);
  if (!body || (await recommendationsOfBody(sys, db, body.id)).length > 0) return;
  const departments = await departmentsFor(sys, db);
  const parks = departments.find((d) => d.name === 'Straßen- und Grünflächenamt');
  const youth = departments.find((d) => d.name === 'Jugendamt');
  const carried = await carriedResolutionsFor(sys, db, body.id);
  // The council's statement on the playground planning, else its latest resolution.
  const latest = carried.find((r) => r.item.title.startsWith('Spielplatz')) ?? carried[0];
  if (!parks || !youth || !latest) return;
  const need = await recommendToAdministration(sys, db, latest.item.id, {
    title: 'Mehr Sitzbänke und Schatten am Spielplatz Koloniestraße',
    description:
      'Der Quartiersrat bittet das Bezirksamt, am Spielplatz Koloniestraße Sitzbänke im Schatten aufzustellen und Bäume nachzupflanzen: Eltern und ältere Nachbarinnen und Nachbarn finden dort im Sommer keinen Platz.',
    topic: 'public_space',
    departmentIds: [parks.id, youth.id],
    deadline: addDays(todayLocal(), 21),
  });
  const [atParks] = (await recommendationsOfBody(sys, db, body.id))
    .find((n) => n.id === need.id)!
    .routings.filter((r) => r.departmentId === parks.id);
  await answerRouting(sys, db, atParks.id, {
    status: 'answered',
    answer:
      'Das Straßen- und Grünflächenamt stellt im Frühjahr vier Bänke auf; zwei Bäume werden in der nächsten Pflanzperiode nachgepflanzt.',
  });
}
