/**
 * Demo content of the volunteering module, in the demo programme area (QM-DEMO-1): a reading-help
 * need with a volunteer who agreed and was confirmed (with confirmed hours), a garden need with a
 * fresh proposal, a one-day call (a clean-up in three weeks) and the neighbourhood association as an
 * initiative. Made through the module's use cases (staff steps as the system, the volunteers' steps
 * through their private links), so every rule holds — consent, the contact rule, hours only when
 * the volunteer confirmed them. Idempotent: a tenant that has needs is left as it is.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listActors } from '../network/index.ts';
import { getTenant } from '../tenancy/index.ts';
import { answerHoursByToken, suggestHours } from './use-cases/hours.ts';
import { createInitiative } from './use-cases/initiatives.ts';
import { answerByToken, confirmMatch, proposeMatch } from './use-cases/matches.ts';
import { createNeed, listNeedsFor } from './use-cases/needs.ts';
import { offerHelp, recordCertificateSeen, volunteerByToken } from './use-cases/volunteers.ts';

export async function seedDemoVolunteering(services: Services, tenantId: string): Promise<void> {
  const { db, config } = services;
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  const tenant = await getTenant(db, tenantId);
  if (!area || !tenant || (await listNeedsFor(sys, db, { limit: 1 })).total > 0) return;
  const today = todayLocal();
  const linkOf = (token: string) => `${config.baseUrl}/${tenant.slug}/volunteering/me/${token}`;
  const contact = {
    contactName: 'Team Quartiersmanagement (Beispiel)',
    contactEmail: 'qm-demo@example.org',
    organisation: 'Quartiersmanagement Beispielkiez',
  };

  const reading = await createNeed(sys, db, {
    title: 'Lesepatin oder Lesepate für die Grundschule',
    description:
      'Einmal in der Woche eine Stunde mit zwei Kindern der 2. Klasse lesen – in der Bibliothek der Grundschule. Vorkenntnisse sind nicht nötig.',
    forWhom: 'Kinder der Klassen 2 und 3',
    areaId: area.id,
    place: 'Grundschule am Beispielpark',
    schedule: 'regular',
    weekdays: ['tue', 'thu'],
    dayParts: ['afternoon'],
    skills: ['reading', 'tutoring'],
    languages: ['de'],
    peopleNeeded: 3,
    safeguarding: true,
    ...contact,
  });
  const garden = await createNeed(sys, db, {
    title: 'Hilfe im Gemeinschaftsgarten',
    description: 'Gießen, Beete pflegen, im Herbst die Ernte teilen. Gerne auch nur in den Sommerferien.',
    areaId: area.id,
    place: 'Gemeinschaftsgarten am Hof',
    schedule: 'regular',
    weekdays: ['sat'],
    dayParts: ['morning'],
    skills: ['gardening'],
    peopleNeeded: 5,
    ...contact,
  });
  await createNeed(sys, db, {
    kind: 'call',
    title: 'Kiezputz im Beispielpark',
    description:
      'Gemeinsam räumen wir den Park auf. Handschuhe, Zangen und Säcke sind da; danach gibt es Suppe.',
    areaId: area.id,
    place: 'Eingang Beispielpark',
    startsOn: addDays(today, 21),
    dayParts: ['morning'],
    peopleNeeded: 30,
    ...contact,
  });

  // Two volunteers offer help through the public form and open their private link (which confirms it).
  const offer = async (name: string, email: string, extra: Record<string, unknown>) => {
    const { token } = await offerHelp(
      db,
      tenantId,
      { name, email, areaIds: [area.id], consent: true, ...extra },
      { lang: 'de', linkOf },
    );
    return { v: await volunteerByToken(db, tenantId, token), token };
  };
  const aylin = await offer('Aylin K. (Beispiel)', 'aylin.demo@example.org', {
    skills: ['reading', 'language_teaching'],
    weekdays: ['tue', 'thu'],
    dayParts: ['afternoon'],
    languages: ['de', 'tr'],
    about: 'Studentin, liest gern vor.',
  });
  const jonas = await offer('Jonas M. (Beispiel)', 'jonas.demo@example.org', {
    skills: ['gardening', 'crafts'],
    weekdays: ['sat'],
    dayParts: ['morning'],
    languages: ['de', 'en'],
  });

  // Reading help: proposed, accepted, the extended certificate seen, confirmed; two hours confirmed.
  await recordCertificateSeen(sys, db, aylin.v.id, { issuedOn: addDays(today, -60) });
  const m = await proposeMatch(sys, db, reading.id, aylin.v.id, { message: 'Passt zu Ihren Zeiten.' });
  await answerByToken(db, tenantId, aylin.token, m.id, 'accept');
  await confirmMatch(sys, db, m.id);
  const h = await suggestHours(sys, db, m.id, { day: addDays(today, -7), hours: 1.5, note: 'Lesestunde' });
  await answerHoursByToken(db, tenantId, aylin.token, h.id, 'confirm');
  // Garden: a fresh proposal waiting for Jonas's answer.
  await proposeMatch(sys, db, garden.id, jonas.v.id, {});

  const [association] = (
    await listActors(db, tenantId, { kind: 'organisation', q: 'Nachbarschaftsverein', scope: null, limit: 1 })
  ).items;
  if (association)
    await createInitiative(sys, db, {
      actorId: association.id,
      areaId: area.id,
      activities: 'Hoffest im Sommer, Repair-Café, Nachbarschaftsfrühstück.',
      meets: 'Jeden ersten Mittwoch im Monat, 19 Uhr',
      place: 'Nachbarschaftstreff',
      joinMode: 'come_by',
    });
}
