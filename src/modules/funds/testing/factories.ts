// Test factory of the funds module (see TestFactoryContext): an Aktionsfonds in the tenant's test area
// (decided by the councils factory's body when there is one) with this year's budget and its recorded
// change, a granted application in settlement (cost line, eligibility note, status path, private link,
// a commitment and an advance in the ledger) and a refused one, both decided now. It names the fund,
// the fund-year and the granted application for the staff routes.
// The test person is the applicant of a refused application and of a draft.
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { saveFile } from '../../../platform/files/index.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import type { DataSubject, TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import {
  applications,
  budgetChanges,
  costLines,
  eligibilityNotes,
  funds,
  fundYears,
  ledger,
  settlementFiles,
  settlements,
  statusChanges,
} from '../db/schema.ts';
import type { ApplicationStatus } from '../domain/vocab.ts';
import { findFundYear } from '../queries.ts';

/** A 1×1 greyscale PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

async function fundOf({ services, tenant, marker, params }: TestFactoryContext) {
  const { db } = services;
  const areaId = params['areas/:id']?.[0]?.value ?? null;
  const areaIds = areaId ? (await areaPath(db, tenant.id, areaId)).map((a) => a.id) : [];
  const fundId = newId();
  await db.insert(funds).values({
    tenantId: tenant.id,
    id: fundId,
    name: `${marker} Aktionsfonds`,
    kind: 'action',
    areaId,
    areaIds,
    decidingBodyId: params['bodies/:id']?.[0]?.value ?? null,
    fundingSource: `${marker} Programm`,
    capCents: 150_000,
    allowedCostKinds: ['material'],
    ownContributionPercent: 10,
    volunteerHourRateCents: 1_500,
    deadlineDaysBeforeSession: 7,
  });
  const year = Number(todayLocal().slice(0, 4));
  const fundYearId = newId();
  await db
    .insert(fundYears)
    .values({ tenantId: tenant.id, id: fundYearId, fundId, year, budgetCents: 1_000_000 });
  await db.insert(budgetChanges).values({
    tenantId: tenant.id,
    id: newId(),
    fundYearId,
    previousCents: 0,
    newCents: 1_000_000,
    reason: `${marker} Jahresbudget`,
  });
  return { fundId, fundYearId };
}

async function application(
  ctx: TestFactoryContext,
  fund: { fundId: string; fundYearId: string },
  status: ApplicationStatus,
  over: Partial<typeof applications.$inferInsert>,
) {
  const { db } = ctx.services;
  const tenantId = ctx.tenant.id;
  const id = newId();
  const decided = status !== 'draft';
  await db.insert(applications).values({
    tenantId,
    id,
    fundId: fund.fundId,
    fundYearId: fund.fundYearId,
    status,
    title: `${ctx.marker} Hoffest`,
    description: `${ctx.marker} Beschreibung`,
    applicantName: `${ctx.marker} Initiative`,
    email: 'initiative@example.org',
    totalCents: 130_000,
    requestedCents: 120_000,
    ownMoneyCents: 10_000,
    tokenHash: hashToken(randomToken(24)),
    submittedAt: decided ? new Date(Date.now() - 3_600_000) : null,
    decidedAt: decided ? new Date() : null,
    ...over,
  });
  await db.insert(costLines).values({
    tenantId,
    id: newId(),
    applicationId: id,
    position: 1,
    item: `${ctx.marker} Material`,
    costKind: 'material',
    amountCents: 130_000,
  });
  const path: ApplicationStatus[] = decided
    ? ['draft', 'submitted', 'in_review', 'on_agenda', status]
    : ['draft'];
  await db.insert(statusChanges).values(
    path.map((to, i) => ({
      tenantId,
      id: newId(),
      applicationId: id,
      fromStatus: i === 0 ? null : path[i - 1],
      toStatus: to,
      note: `${ctx.marker} Schritt`,
      changedBy: ctx.userId,
    })),
  );
  return id;
}

export async function createFundTestEntities(ctx: TestFactoryContext): Promise<TestParams> {
  const { db } = ctx.services;
  const tenantId = ctx.tenant.id;
  const fund = await fundOf(ctx);
  // The applicant's private link (its token, for the public status page and the decision letter).
  const token = randomToken(24);
  const granted = await application(ctx, fund, 'settlement', {
    tokenHash: hashToken(token),
    grantedCents: 100_000,
    conditions: `${ctx.marker} Auflage`,
  });
  await db.insert(eligibilityNotes).values({
    tenantId,
    id: newId(),
    applicationId: granted,
    rule: 'cap',
    ok: true,
    note: `${ctx.marker} geprüft`,
    checkedBy: ctx.userId,
  });
  // Ids made one after the other: the ledger's order by id is the order it was written in.
  await db.insert(ledger).values({
    tenantId,
    id: newId(),
    fundYearId: fund.fundYearId,
    applicationId: granted,
    kind: 'commitment',
    amountCents: 100_000,
    bookedOn: todayLocal(),
    createdBy: ctx.userId,
  });
  await db.insert(ledger).values({
    tenantId,
    id: newId(),
    fundYearId: fund.fundYearId,
    applicationId: granted,
    kind: 'payment',
    paymentKind: 'advance',
    amountCents: 50_000,
    note: `${ctx.marker} Abschlag`,
    bookedOn: todayLocal(),
    createdBy: ctx.userId,
  });
  // Its settlement, written by the applicant, with a receipt (a PDF in the file storage).
  await db.insert(settlements).values({
    tenantId,
    id: newId(),
    applicationId: granted,
    report: `${ctx.marker} Bericht`,
    participantsAdults: 40,
  });
  const [line] = await db
    .select()
    .from(costLines)
    .where(ofTenant(costLines, tenantId))
    .then((rows) => rows.filter((r) => r.applicationId === granted));
  const receiptId = newId();
  await saveFile(
    ctx.services.config.storageDir,
    tenantId,
    receiptId,
    new TextEncoder().encode(`%PDF-1.4\n% ${ctx.marker} Beleg\n%%EOF\n`),
  );
  await db.insert(settlementFiles).values({
    tenantId,
    id: receiptId,
    applicationId: granted,
    kind: 'receipt',
    costLineId: line.id,
    name: 'beleg.pdf',
    contentType: 'application/pdf',
    size: 30,
    caption: `${ctx.marker} Beleg`,
  });
  // A photo the applicant allowed to show (the area website's funded projects serve it).
  const photoId = newId();
  await saveFile(ctx.services.config.storageDir, tenantId, photoId, PNG);
  await db.insert(settlementFiles).values({
    tenantId,
    id: photoId,
    applicationId: granted,
    kind: 'photo',
    name: 'hof.png',
    contentType: 'image/png',
    size: PNG.length,
    consent: true,
    caption: `${ctx.marker} Foto`,
  });
  await application(ctx, fund, 'refused', { refusalReasons: `${ctx.marker} Personalkosten` });
  return {
    'photos/:file': [{ value: `${photoId}.png`, table: 'funds_settlement_files' }],
    'files/:settlementFileId': [{ value: receiptId, table: 'funds_settlement_files' }],
    'funds/:id': [{ value: fund.fundId, table: 'funds_funds' }],
    // The API's call of a fund (`/funds/calls/{fundId}`).
    'calls/:fundId': [{ value: fund.fundId, table: 'funds_funds' }],
    'years/:yearId': [{ value: fund.fundYearId, table: 'funds_fund_years' }],
    'applications/:applicationId': [{ value: granted, table: 'funds_applications' }],
    'applications/:token': [{ value: token, table: 'funds_applications' }],
  };
}

/** The person applied twice: refused once, and a draft never sent. */
export async function createFundTestPerson(
  ctx: TestFactoryContext,
  person: Required<DataSubject>,
): Promise<void> {
  const year = Number(todayLocal().slice(0, 4));
  const { db } = ctx.services;
  const [any] = await db.select().from(funds).where(ofTenant(funds, ctx.tenant.id)).limit(1);
  const fund = any
    ? { fundId: any.id, fundYearId: (await findFundYear(db, ctx.tenant.id, any.id, year))!.id }
    : await fundOf(ctx);
  const contact = {
    applicantName: person.name,
    email: person.email,
    phone: person.phone,
    groupName: `Hof ${person.name}`,
  };
  await application(ctx, fund, 'refused', {
    ...contact,
    refusalReasons: 'Nicht förderfähig',
    title: 'Flohmarkt',
  });
  await application(ctx, fund, 'draft', {
    ...contact,
    title: 'Sommerfest',
    description: `Kontakt ${person.name}`,
  });
}
