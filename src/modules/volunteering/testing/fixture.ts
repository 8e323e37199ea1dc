// Test fixture of the volunteering module's database tests: a tenant with a district and two
// programme areas, the team of each area, an administrator and a jury member, and helpers that make
// a need and a volunteer (through the public offer and its private link) — all through the use cases.
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { mailOutbox } from '../../../platform/mail/schema.ts';
import { actorOfUser, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';
import type { NeedInput, OfferInput } from '../schemas.ts';
import { createNeed } from '../use-cases/needs.ts';
import { offerHelp, volunteerByToken } from '../use-cases/volunteers.ts';

export async function volunteeringFixture(ctx: TestContext) {
  const { services } = ctx;
  const db = services.db;
  const tenant = await makeTenant(services);
  await upsertAreas(db, tenant.id, 'district', [{ kind: 'district', key: 'D1', name: 'Bezirk Eins' }]);
  const district = (await getAreaByKey(db, tenant.id, 'district', 'D1'))!;
  const qm = await upsertAreas(db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A', parentId: district.id },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B', parentId: district.id },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const actor = async (
    role: 'admin' | 'team' | 'jury' | 'coordinator',
    scopeAreaId: string | null = null,
  ): Promise<Actor> =>
    actorOfUser(ctx, tenant.id, (await makeUser(services, { tenantId: tenant.id, role, scopeAreaId })).id);
  const actors = {
    admin: await actor('admin'),
    teamA: await actor('team', qmA),
    teamB: await actor('team', qmB),
    jury: await actor('jury'),
  };

  let n = 0;
  const need = (o: Partial<NeedInput> = {}, by: Actor = actors.teamA) =>
    createNeed(by, db, {
      title: 'Lesepatenschaft in der Kita',
      areaId: qmA,
      organisation: 'Kita Sonnenschein',
      skills: ['reading'],
      weekdays: ['tue'],
      dayParts: ['afternoon'],
      languages: ['de'],
      contactName: 'Frau Leitung',
      contactEmail: 'leitung@kita.example.org',
      contactPhone: '030 5550199',
      ...o,
    });

  /** A volunteer who offered help and opened their link (confirmed); returns the row and the link's token. */
  const volunteer = async (o: Partial<OfferInput> = {}) => {
    n++;
    const { volunteer: v, token } = await offerHelp(
      db,
      tenant.id,
      {
        name: `Vera Freiwillig ${n}`,
        email: `vera${n}-${tenant.slug}@example.org`,
        phone: '0176 5550123',
        skills: ['reading', 'tutoring'],
        weekdays: ['tue', 'thu'],
        dayParts: ['afternoon'],
        areaIds: [qmA],
        languages: ['de', 'tr'],
        consent: true,
        ...o,
      } as OfferInput & { consent: boolean },
      { lang: 'de', linkOf: (t) => `https://example.org/${tenant.slug}/volunteering/me/${t}` },
    );
    await volunteerByToken(db, tenant.id, token);
    return { id: v.id, email: v.email, token };
  };

  /** The mails queued for one address in this tenant (subject and text). */
  const mailsTo = async (to: string) =>
    db
      .select({ subject: mailOutbox.subject, text: mailOutbox.text })
      .from(mailOutbox)
      .where(and(ofTenant(mailOutbox, tenant.id), eq(mailOutbox.to, to)));

  return { tenant, qmA, qmB, district: district.id, actors, need, volunteer, mailsTo };
}
