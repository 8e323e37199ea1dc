// Test factory of the volunteering module (see TestFactoryContext): a need with safeguarding and a
// call in the tenant's test area (posted for the network factory's organisation), a confirmed
// volunteer of that area with a private link, an accepted match with confirmed hours and staff-suggested
// hours waiting, a requested certificate, a thank-you, an initiative (the network organisation) and a
// sign-up for the call. It names them for the staff, public and API routes.
import { newId } from '../../../platform/db/index.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import type { DataSubject, TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { addDays, todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import {
  certificates,
  hours,
  initiatives,
  matches,
  needs,
  signups,
  thanks,
  volunteers,
} from '../db/schema.ts';
import { CONSENT_TEXT_VERSION } from '../domain/vocab.ts';

async function areaOf({ services, tenant, params }: TestFactoryContext) {
  const areaId = params['areas/:id']?.[0]?.value;
  if (!areaId) throw new Error('volunteering factory: the areas factory runs first');
  return { areaId, areaIds: (await areaPath(services.db, tenant.id, areaId)).map((a) => a.id) };
}

/** A confirmed volunteer of the area with a private link; returns the id and the link's token. */
export async function makeVolunteer(
  ctx: TestFactoryContext,
  o: Partial<typeof volunteers.$inferInsert> = {},
): Promise<{ id: string; token: string }> {
  const { areaId, areaIds } = await areaOf(ctx);
  const token = randomToken(24);
  const id = newId();
  await ctx.services.db.insert(volunteers).values({
    tenantId: ctx.tenant.id,
    id,
    name: `${ctx.marker} Freiwillige`,
    email: `freiwillig-${id.slice(-8)}@example.org`,
    about: `${ctx.marker} Ich helfe gern`,
    skills: ['tutoring'],
    weekdays: ['tue'],
    dayParts: ['afternoon'],
    chosenAreaIds: [areaId],
    areaIds,
    languages: ['de'],
    status: 'active',
    tokenHash: hashToken(token),
    consentAt: new Date(),
    consentVersion: CONSENT_TEXT_VERSION,
    emailConfirmedAt: new Date(),
    ...o,
  });
  return { id, token };
}

export async function createVolunteeringTestEntities(ctx: TestFactoryContext): Promise<TestParams> {
  const { services, tenant, marker, params, userId } = ctx;
  const { db } = services;
  const t = tenant.id;
  const { areaId, areaIds } = await areaOf(ctx);
  const orgId = params['organisers/:id']?.[0]?.value ?? null;
  const needId = newId();
  await db.insert(needs).values({
    tenantId: t,
    id: needId,
    title: `${marker} Lesepatenschaft`,
    description: `${marker} Vorlesen in der Kita`,
    forWhom: `${marker} Kinder`,
    areaId,
    areaIds,
    actorId: orgId,
    organisation: `${marker} Kita`,
    place: `${marker} Kita am Park`,
    weekdays: ['tue'],
    dayParts: ['afternoon'],
    skills: ['tutoring', 'reading'],
    languages: ['de'],
    safeguarding: true,
    contactName: `${marker} Leitung`,
    contactEmail: 'kita-leitung@example.org',
    contactPhone: '030 5550100',
    createdBy: userId,
  });
  const callId = newId();
  await db.insert(needs).values({
    tenantId: t,
    id: callId,
    kind: 'call',
    title: `${marker} Platz bepflanzen`,
    areaId,
    areaIds,
    schedule: 'once',
    startsOn: addDays(todayLocal(), 10),
    place: `${marker} Platz`,
    createdBy: userId,
  });
  const v = await makeVolunteer(ctx);
  const matchId = newId();
  await db.insert(matches).values({
    tenantId: t,
    id: matchId,
    needId,
    volunteerId: v.id,
    status: 'accepted',
    score: 100,
    reasons: ['skills', 'time', 'place', 'language'],
    message: `${marker} Passt gut`,
    proposedBy: userId,
    expiresAt: new Date(Date.now() + 14 * 86_400_000),
    answeredAt: new Date(),
  });
  const hoursId = newId();
  await db.insert(hours).values([
    {
      tenantId: t,
      id: newId(),
      matchId,
      volunteerId: v.id,
      day: todayLocal(),
      minutes: 90,
      note: `${marker} Vorlesen`,
      confirmedAt: new Date(),
    },
    {
      tenantId: t,
      id: hoursId,
      matchId,
      volunteerId: v.id,
      day: todayLocal(),
      minutes: 60,
      note: `${marker} Vorschlag`,
      suggestedBy: userId,
    },
  ]);
  const certId = newId();
  await db.insert(certificates).values({ tenantId: t, id: certId, volunteerId: v.id });
  await db
    .insert(thanks)
    .values({ tenantId: t, id: newId(), volunteerId: v.id, text: `${marker} Danke!`, sentBy: userId });
  const initiativeId = newId();
  await db.insert(initiatives).values({
    tenantId: t,
    id: initiativeId,
    actorId: orgId ?? newId(),
    name: `${marker} Boule-Runde`,
    areaId,
    areaIds,
    activities: `${marker} Boule spielen`,
    meets: `${marker} Samstags 15 Uhr`,
    place: `${marker} Boulebahn`,
    joinMode: 'contact',
  });
  const signupToken = randomToken(24);
  await db.insert(signups).values({
    tenantId: t,
    id: newId(),
    needId: callId,
    name: `${marker} Helferin`,
    email: `helferin-${callId.slice(-8)}@example.org`,
    tokenHash: hashToken(signupToken),
  });
  return {
    'needs/:id': [
      { value: needId, table: 'volunteering_needs' },
      { value: callId, table: 'volunteering_needs' },
    ],
    'calls/:id': [{ value: callId, table: 'volunteering_needs' }],
    'volunteers/:id': [{ value: v.id, table: 'volunteering_volunteers' }],
    'matches/:id': [{ value: matchId, table: 'volunteering_matches' }],
    'matches/:matchId': [{ value: matchId, table: 'volunteering_matches' }],
    'hours/:hoursId': [{ value: hoursId, table: 'volunteering_hours' }],
    'certificates/:id': [{ value: certId, table: 'volunteering_certificates' }],
    'certificates/:certId': [{ value: certId, table: 'volunteering_certificates' }],
    'initiatives/:id': [{ value: initiativeId, table: 'volunteering_initiatives' }],
    'me/:token': [{ value: v.token, table: 'volunteering_volunteers' }],
    'signups/:token': [{ value: signupToken, table: 'volunteering_signups' }],
  };
}

/** The test person volunteers (offer with a phone, an agreed match, hours, a thank-you) and signs up for a call. */
export async function createVolunteeringTestPerson(
  ctx: TestFactoryContext,
  person: Required<DataSubject>,
): Promise<void> {
  const { db } = ctx.services;
  const t = ctx.tenant.id;
  const needId = ctx.params['needs/:id']?.[0]?.value;
  const callId = ctx.params['calls/:id']?.[0]?.value;
  const v = await makeVolunteer(ctx, {
    name: person.name,
    email: person.email,
    phone: person.phone,
    about: `Ich bin ${person.name}`,
  });
  if (needId) {
    const matchId = newId();
    await db.insert(matches).values({
      tenantId: t,
      id: matchId,
      needId,
      volunteerId: v.id,
      status: 'accepted',
      message: `Hallo ${person.name}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await db.insert(hours).values({
      tenantId: t,
      id: newId(),
      matchId,
      volunteerId: v.id,
      day: todayLocal(),
      minutes: 120,
      note: `mit ${person.name}`,
      confirmedAt: new Date(),
    });
  }
  await db
    .insert(thanks)
    .values({ tenantId: t, id: newId(), volunteerId: v.id, text: `Danke, ${person.name}!` });
  if (callId)
    await db
      .insert(signups)
      .values({ tenantId: t, id: newId(), needId: callId, name: person.name, email: person.email });
}
