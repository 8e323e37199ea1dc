/**
 * Demo content of integrated action plans: the IHEK of the demo programme area (QM-DEMO-1) for this
 * year and the two after it, adopted by the Quartiersrat two months ago — five fields of action
 * (climate as a cross-cutting theme in the summary), goals with indicators and measured progress,
 * measures of several departments and actors with funding, budget per year, milestones (one reached,
 * one overdue) and the participation steps of an investive measure. Made through the use cases (as the
 * system). Idempotent (nothing when the tenant has a plan); dates are relative to today.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listDepartments, listPlans } from './queries.ts';
import {
  addBudgetYear,
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  addMilestone,
  addStep,
  adoptPlan,
  createPlan,
  recordProgress,
  setMeasureStatus,
  setMilestoneDone,
} from './use-cases/plans.ts';

export async function seedDemoPlan(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area || (await listPlans(db, tenantId, null)).length > 0) return;
  const dept = new Map((await listDepartments(db, tenantId)).map((d) => [d.name, d.id]));
  const today = todayLocal();
  const year = Number(today.slice(0, 4));
  const plan = await createPlan(sys, db, {
    title: `Integriertes Handlungs- und Entwicklungskonzept ${year}–${year + 2}`,
    areaId: area.id,
    periodFrom: `${year}-01-01`,
    periodTo: `${year + 2}-12-31`,
    summary:
      'Das Quartier soll für Kinder, Familien und Ältere lebenswerter werden: mehr Lern- und Spielorte, ein grüner und sicherer Kiezpark, eine lebendige Nachbarschaft. Klimaanpassung (Schatten, Entsiegelung, Wasser) ist Querschnittsthema aller Handlungsfelder.',
    continuation:
      'Das Nachbarschaftshaus übernimmt die Lernwerkstatt in seine Regelförderung; der Kiezpark geht in die Pflege des Straßen- und Grünflächenamts über.',
  });
  const field = (name: string, description = '') => addField(sys, db, plan.id, { name, description });
  const goal = (fieldId: string, title: string) => addGoal(sys, db, plan.id, { fieldId, title });

  const neighbourhood = await field('Nachbarschaft und Integration');
  const education = await field('Bildung', 'Von der Kita bis zum Übergang in den Beruf.');
  const space = await field(
    'Öffentlicher Raum',
    'Plätze, Grün und Wege – mit Blick auf Hitze und Starkregen.',
  );
  const health = await field('Gesundheit und Bewegung');
  await field('Beteiligung und Vernetzung');

  // Bildung: homework help and learning places.
  const learn = await goal(education.id, 'Mehr Kinder erreichen eine Lernförderung');
  const workshop = await addMeasure(sys, db, plan.id, {
    goalId: learn.id,
    title: 'Lernwerkstatt im Nachbarschaftshaus',
    description: 'Hausaufgabenhilfe und Lernbegleitung an vier Nachmittagen in der Woche.',
    departmentId: dept.get('Jugendamt'),
    responsible: 'Nachbarschaftshaus am Park e. V.',
    fundingKind: 'programme',
    budgetLine: 'Sozialer Zusammenhalt, Projektfonds',
    startsOn: `${year}-02-01`,
    endsOn: `${year + 2}-07-31`,
    continuation: 'Übernahme in die Regelförderung des Jugendamts ab dem dritten Jahr.',
  });
  const places = await addIndicator(sys, db, plan.id, {
    goalId: learn.id,
    name: 'Plätze in der Lernförderung',
    unit: 'Plätze',
    baseline: 20,
    target: 60,
    measureId: workshop.id,
  });
  const allDay = await addMeasure(sys, db, plan.id, {
    goalId: learn.id,
    title: 'Offener Ganztag an der Grundschule am Park',
    departmentId: dept.get('Schulamt'),
    fundingKind: 'regular',
    budgetLine: 'Haushalt Schulamt',
  });

  // Öffentlicher Raum: the Kiezpark, an investive measure with participation.
  const play = await goal(space.id, 'Ein grüner, sicherer Kiezpark für alle Generationen');
  const park = await addMeasure(sys, db, plan.id, {
    goalId: play.id,
    title: 'Kiezpark umgestalten: Spielplatz, Schattenbäume, Regenwassermulde',
    departmentId: dept.get('Straßen- und Grünflächenamt'),
    fundingKind: 'programme',
    budgetLine: 'Sozialer Zusammenhalt, Baufonds',
    investive: true,
    startsOn: `${year}-03-01`,
    endsOn: `${year + 1}-10-31`,
  });
  const green = await addIndicator(sys, db, plan.id, {
    goalId: play.id,
    name: 'Entsiegelte Fläche im Kiezpark',
    unit: 'm²',
    baseline: 0,
    target: 1200,
    measureId: park.id,
  });

  // Nachbarschaft, Gesundheit.
  const meet = await goal(neighbourhood.id, 'Nachbarinnen und Nachbarn begegnen sich');
  const festival = await addMeasure(sys, db, plan.id, {
    goalId: meet.id,
    title: 'Kiezfest und monatliches Nachbarschaftscafé',
    responsible: 'Quartiersteam',
    fundingKind: 'fund',
    budgetLine: 'Aktionsfonds',
  });
  const move = await goal(health.id, 'Mehr Bewegung im Alltag für Ältere');
  const walks = await addMeasure(sys, db, plan.id, {
    goalId: move.id,
    title: 'Bewegungstreff im Park für Ältere',
    departmentId: dept.get('Gesundheitsamt'),
    responsible: 'Sportverein Kiez 1910',
    fundingKind: 'regular',
    budgetLine: 'Gesundheitsförderung',
  });
  await addIndicator(sys, db, plan.id, {
    goalId: move.id,
    name: 'Teilnehmende am Bewegungstreff je Woche',
    unit: 'Personen',
    baseline: 0,
    target: 25,
  });

  // Budget per year, milestones, participation.
  for (const [i, amount] of ['38.000', '40.000', '42.000'].entries())
    await addBudgetYear(sys, db, plan.id, workshop.id, { year: year + i, amount });
  await addBudgetYear(sys, db, plan.id, park.id, { year, amount: '180.000' });
  await addBudgetYear(sys, db, plan.id, park.id, { year: year + 1, amount: '420.000' });
  await addBudgetYear(sys, db, plan.id, festival.id, { year, amount: '6.500' });
  const rooms = await addMilestone(sys, db, plan.id, workshop.id, {
    title: 'Räume und Team gefunden',
    dueOn: addDays(today, -45),
  });
  await addMilestone(sys, db, plan.id, workshop.id, {
    title: 'Zweite Lerngruppe startet',
    dueOn: addDays(today, 60),
  });
  await addMilestone(sys, db, plan.id, park.id, {
    title: 'Planung mit den Kindern abgestimmt',
    dueOn: addDays(today, -10),
  });
  await addMilestone(sys, db, plan.id, park.id, {
    title: 'Bauarbeiten beginnen',
    dueOn: addDays(today, 120),
  });
  await addStep(sys, db, plan.id, park.id, {
    what: 'Kinder planen den Spielplatz: Modellbau-Werkstatt',
    takesPlaceOn: addDays(today, -30),
    withWhom: 'Kinder der Grundschule am Park und der Kita Sonnenschein',
  });
  await addStep(sys, db, plan.id, park.id, {
    what: 'Entwurf vorstellen und besprechen',
    takesPlaceOn: addDays(today, 21),
    withWhom: 'Anwohnende, Quartiersrat, Seniorenvertretung',
  });

  await adoptPlan(sys, db, plan.id, {
    adoptedOn: addDays(today, -60),
    adoptedBy: 'Quartiersrat Demo-Kiez',
  });
  // Since then: where the measures stand and what was measured.
  await setMeasureStatus(sys, db, plan.id, workshop.id, { status: 'running' });
  await setMeasureStatus(sys, db, plan.id, park.id, { status: 'running' });
  await setMeasureStatus(sys, db, plan.id, festival.id, { status: 'done' });
  await setMeasureStatus(sys, db, plan.id, walks.id, { status: 'running' });
  await setMeasureStatus(sys, db, plan.id, allDay.id, { status: 'planned' });
  await setMilestoneDone(sys, db, plan.id, rooms.id, { doneOn: addDays(today, -50) });
  await recordProgress(sys, db, plan.id, places.id, { measuredOn: addDays(today, -40), value: 32 });
  await recordProgress(sys, db, plan.id, places.id, { measuredOn: addDays(today, -5), value: 38 });
  await recordProgress(sys, db, plan.id, green.id, { measuredOn: addDays(today, -5), value: 150 });
}
