/**
 * Demo content of the impact module, in the demo programme area (QM-DEMO-1): five activities of the
 * team (three in the last months, two a year before, so the dashboard has something to compare) and
 * a draft annual report of last year with its first texts. Made through the module's use cases.
 * Idempotent: a tenant that has activities is left as it is.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listActors } from '../network/index.ts';
import { createActivity, listActivitiesFor } from './use-cases/activities.ts';
import { openReport, saveReportTexts } from './use-cases/reports.ts';

export async function seedDemoImpact(services: Services, tenantId: string): Promise<void> {
  const { db } = services;
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area || (await listActivitiesFor(sys, db, { limit: 1 })).length > 0) return;
  const today = todayLocal(services.now());
  const { items: orgs } = await listActors(db, tenantId, { kind: 'organisation', scope: null, limit: 2 });
  const partnerActorIds = orgs.slice(0, 1).map((o) => o.id);
  const activities = [
    {
      title: 'Runder Tisch Wohnen mit der Wohnungsbaugesellschaft',
      days: -12,
      partners: 'Wohnungsbaugesellschaft, Mieterbeirat',
      partnerActorIds,
      participants: 14,
      note: 'Thema: Hofgestaltung und Müllplätze. Nächstes Treffen im Frühjahr.',
    },
    {
      title: 'Kiezspaziergang mit dem Seniorenbeirat',
      days: -45,
      partners: 'Seniorenbeirat',
      partnerActorIds: [],
      participants: 9,
      note: '',
    },
    {
      title: 'Vernetzungstreffen der Kitas und Schulen',
      days: -80,
      partners: 'Kita Sonnenblume, Grundschule am Park',
      partnerActorIds,
      participants: 11,
      note: '',
    },
    {
      title: 'Runder Tisch Wohnen',
      days: -372,
      partners: 'Wohnungsbaugesellschaft',
      partnerActorIds: [],
      participants: 10,
      note: '',
    },
    {
      title: 'Kiezspaziergang',
      days: -410,
      partners: '',
      partnerActorIds: [],
      participants: 6,
      note: '',
    },
  ];
  for (const a of activities)
    await createActivity(sys, db, {
      title: a.title,
      heldOn: addDays(today, a.days),
      areaId: area.id,
      partners: a.partners,
      partnerActorIds: a.partnerActorIds,
      participants: a.participants,
      note: a.note,
    });
  const report = await openReport(sys, db, { areaId: area.id, year: Number(today.slice(0, 4)) - 1 });
  await saveReportTexts(sys, db, report.id, {
    situation:
      'Der Beispielkiez ist ein dicht bebautes Wohngebiet mit vielen jungen Familien und einem wachsenden Anteil älterer Menschen, die allein leben.',
    goals:
      'Nachbarschaft stärken, die Gemeinschaftsräume besser auslasten und die Wohnungsbaugesellschaft regelmäßig an einen Tisch holen.',
    activities:
      'Neben den Veranstaltungen und Projekten hat das Team Runde Tische und Kiezspaziergänge organisiert; die Zahlen stehen unten.',
  });
}
