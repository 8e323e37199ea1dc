/**
 * Retention of applicants' data (both engines): five years (FUNDS_RETENTION_YEARS) after an
 * application is settled, closed or withdrawn, the daily retention erases the applicant's name, group,
 * contact, description and private link, the settlement's report; the application keeps its title,
 * status and amounts and the ledger keeps every entry (amounts, never names). A running application
 * and one finished less than five years ago keep their data.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { applications, ledger, statusChanges } from './db/schema.ts';
import { bookEntry, settleApplication, withdrawApplication } from './index.ts';
import { fundsManifest } from './manifest.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const YEAR = 365.25 * 86_400_000;

describe('funds retention', () => {
  it('erases the applicant five years after the application is finished; the ledger keeps its amounts', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const settled = await f.onAgenda({
      title: 'Hoffest',
      applicantName: 'Gerlinde Quastmeyer',
      phone: '030 555',
    });
    await f.grant(settled.id, 90_000);
    await bookEntry(f.actors.admin, db, settled.id, {
      kind: 'payment',
      paymentKind: 'advance',
      amountCents: 90_000,
    });
    await settleApplication(f.actors.admin, db, settled.id, { actualParticipants: 80 });
    const withdrawn = await f.onAgenda({ title: 'Flohmarkt', applicantName: 'Otto Normal' });
    await withdrawApplication(f.actors.admin, db, withdrawn.id, { note: 'auf Wunsch' });
    const running = await f.onAgenda({ title: 'Lesung', applicantName: 'Rita Läuft' });
    await f.grant(running.id, 20_000);
    const ledgerBefore = await db
      .select()
      .from(ledger)
      .where(ofTenant(ledger, f.tenant.id))
      .orderBy(ledger.id);
    expect(ledgerBefore.length).toBeGreaterThanOrEqual(3);

    const retention = fundsManifest.privacy!.retention!;
    // Four years on: nothing is due yet.
    expect(await retention(ctx.services, f.tenant.id, new Date(Date.now() + 4 * YEAR))).toEqual({
      due: 0,
      erased: 0,
    });
    const rows = async () =>
      Object.fromEntries(
        (await db.select().from(applications).where(ofTenant(applications, f.tenant.id))).map((a) => [
          a.title,
          a,
        ]),
      );
    expect((await rows()).Hoffest.applicantName).toBe('Gerlinde Quastmeyer');

    // Five years and a day after the settlement and the withdrawal.
    const later = new Date(Date.now() + 5 * YEAR + 86_400_000);
    expect(await retention(ctx.services, f.tenant.id, later)).toEqual({ due: 2, erased: 2 });
    const after = await rows();
    for (const title of ['Hoffest', 'Flohmarkt'])
      expect(after[title]).toMatchObject({
        applicantName: '',
        groupName: '',
        email: '',
        phone: '',
        description: '',
        tokenHash: null,
      });
    // Title, status and amounts stay for the fund's figures.
    expect(after.Hoffest).toMatchObject({ title: 'Hoffest', status: 'settled', grantedCents: 90_000 });
    // The running application keeps its applicant.
    expect(after.Lesung.applicantName).toBe('Rita Läuft');
    // The ledger is untouched: every entry, every amount.
    const ledgerAfter = await db
      .select()
      .from(ledger)
      .where(ofTenant(ledger, f.tenant.id))
      .orderBy(ledger.id);
    expect(ledgerAfter).toEqual(ledgerBefore);
    // Nothing left to do the next day; the status path stays.
    expect(await retention(ctx.services, f.tenant.id, later)).toEqual({ due: 0, erased: 0 });
    const path = await db
      .select()
      .from(statusChanges)
      .where(and(ofTenant(statusChanges, f.tenant.id), eq(statusChanges.applicationId, settled.id)));
    expect(path.map((s) => s.toStatus)).toContain('settled');
  });
});
