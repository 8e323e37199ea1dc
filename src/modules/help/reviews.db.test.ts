/**
 * The provider's private link: staff send it by mail (only its hash is kept, it expires, a newer one
 * replaces it, it works only in its tenant); the provider confirms the entry (checked, by the
 * provider) or proposes a change that stays apart from the entry until staff accept or reject it;
 * who may do what; every step in the audit log. Use cases and the pages over HTTP, without script.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { hashToken } from '../../platform/http/security.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { helpReviewLinks } from './db/schema.ts';
import { createService, getService, listServices, searchServices } from './index.ts';
import { helpFixture } from './testing/fixture.ts';
import {
  confirmEntry,
  decideProposal,
  openProposal,
  proposeChange,
  sendReviewLink,
} from './use-cases/reviews.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
const hours = {
  mode: 'weekly' as const,
  intervals: [{ day: 2, from: '10:00', to: '14:00' }],
  exceptions: [],
  note: '',
};
const db = () => ctx.services.db;
const linkOf = (token: string) => `http://localhost/${fx.tenant.slug}/help/review/${token}`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** A service of area A with a mailbox, not checked yet. */
async function service(
  name: string,
  email: string | null = `${name.replace(/\W/g, '').toLowerCase()}@example.org`,
) {
  return createService(
    fx.sys,
    db(),
    {
      name,
      email: email ?? undefined,
      phone: '030 111',
      locations: [{ areaId: fx.qmA, street: 'Koloniestraße', houseNumber: '2', hours }],
    },
    { checked: false },
  );
}

/** Sends a link as team A and returns the token from the mail in the outbox. */
async function send(serviceId: string, to?: string): Promise<string> {
  const { email } = await sendReviewLink(fx.actors.teamA, db(), serviceId, to ? { email: to } : {}, {
    linkOf,
  });
  const [mail] = await db()
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, email)))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  const token = /help\/review\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(token).toBeDefined();
  return token!;
}

async function auditActions(entityId: string) {
  const rows = await db()
    .select({ action: auditLog.action, actor: auditLog.actorUserId, label: auditLog.actorLabel })
    .from(auditLog)
    .where(and(ofTenant(auditLog, fx.tenant.id), eq(auditLog.entityId, entityId)));
  return rows;
}

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
});
afterAll(() => ctx?.close());

describe('provider review link (use cases)', () => {
  it('mails the link to the service’s mailbox, keeps only its hash, and audits the sending', async () => {
    const s = await service('Schuldnerberatung Wedding');
    const token = await send(s.id);
    const [link] = await db()
      .select()
      .from(helpReviewLinks)
      .where(and(ofTenant(helpReviewLinks, fx.tenant.id), eq(helpReviewLinks.serviceId, s.id)));
    expect(link.email).toBe('schuldnerberatungwedding@example.org');
    expect(link.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(link)).not.toContain(token);
    const days = (link.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);
    expect((await auditActions(link.id)).map((a) => a.action)).toEqual(['send_link']);
  });

  it('refuses team B (another area), the jury and the department; without any address it names the field', async () => {
    const s = await service('Mieterberatung Soldiner Kiez', null);
    for (const who of ['teamB', 'jury', 'department'] as const)
      await expect(
        sendReviewLink(fx.actors[who], db(), s.id, { email: 'x@example.org' }, { linkOf }),
      ).rejects.toMatchObject({ status: 403 });
    await expect(sendReviewLink(fx.actors.teamA, db(), s.id, {}, { linkOf })).rejects.toMatchObject({
      fields: { email: 'help:review.noEmail' },
    });
    await expect(
      sendReviewLink(fx.actors.teamA, db(), s.id, { email: 'not an address' }, { linkOf }),
    ).rejects.toMatchObject({ fields: { email: 'validation.email' } });
    expect(await send(s.id, 'traeger@example.org')).toBeTruthy();
  });

  it('works only in its tenant, until it expires, and a newer link replaces an unanswered one', async () => {
    const s = await service('Migrationsberatung Nord');
    const first = await send(s.id);
    const other = await makeTenant(ctx.services);
    await expect(confirmEntry(db(), other.id, first)).rejects.toMatchObject({ status: 404 });
    const later = new Date(Date.now() + 31 * 86_400_000);
    await expect(confirmEntry(db(), fx.tenant.id, first, later)).rejects.toMatchObject({ status: 404 });
    const second = await send(s.id);
    await expect(confirmEntry(db(), fx.tenant.id, first)).rejects.toMatchObject({ status: 404 });
    await confirmEntry(db(), fx.tenant.id, second);
    await expect(confirmEntry(db(), fx.tenant.id, second)).rejects.toMatchObject({ status: 409 });
  });

  it('"still correct" marks the entry checked by the provider', async () => {
    const s = await service('Familienberatung Wedding');
    expect((await listServices(fx.actors.teamA, db())).find((x) => x.id === s.id)!.reviewDue).toBe(true);
    const token = await send(s.id);
    await confirmEntry(db(), fx.tenant.id, token);
    const item = (await listServices(fx.actors.teamA, db())).find((x) => x.id === s.id)!;
    expect(item.reviewDue).toBe(false);
    expect(item.reviewedByProvider).toBe(true);
    const [link] = await db()
      .select()
      .from(helpReviewLinks)
      .where(and(ofTenant(helpReviewLinks, fx.tenant.id), eq(helpReviewLinks.serviceId, s.id)));
    expect(await auditActions(link.id)).toContainEqual({ action: 'confirm', actor: null, label: 'provider' });
  });

  it('a proposed change is never published unreviewed; team A accepts it, team B may not decide', async () => {
    const s = await service('Suchtberatung Moabit');
    const token = await send(s.id);
    await expect(
      proposeChange(db(), fx.tenant.id, token, { name: 'x', email: 'kaputt' }),
    ).rejects.toMatchObject({
      fields: { email: 'validation.email' },
    });
    await proposeChange(db(), fx.tenant.id, token, {
      name: 'Suchtberatung Moabit-Wedding',
      phone: '030 222',
      note: 'Dienstags jetzt bis 16 Uhr',
    });
    // Unchanged until staff decide: the entry, its search, its check.
    const before = await getService(fx.actors.teamA, db(), s.id);
    expect(before.name).toBe('Suchtberatung Moabit');
    expect(before.reviewedAt).toBeNull();
    const found = await searchServices(db(), fx.tenant.id, { q: 'Moabit-Wedding' });
    expect(found.hits.map((h) => h.name)).not.toContain('Suchtberatung Moabit-Wedding');
    const proposal = (await openProposal(fx.actors.teamA, db(), s.id))!;
    expect(proposal.changed.sort()).toEqual(['name', 'phone']);
    expect(proposal.values.note).toBe('Dienstags jetzt bis 16 Uhr');
    await expect(
      decideProposal(fx.actors.teamB, db(), proposal.id, { decision: 'accepted' }),
    ).rejects.toMatchObject({ status: 403 });
    await decideProposal(fx.actors.teamA, db(), proposal.id, { decision: 'accepted' });
    const after = await getService(fx.actors.teamA, db(), s.id);
    expect(after.name).toBe('Suchtberatung Moabit-Wedding');
    expect(after.phone).toBe('030 222');
    expect(after.email).toBe(s.email); // kept: the proposal carried the same address
    expect(after.reviewedBy).toBe(fx.users.teamA.id);
    expect(after.locations).toHaveLength(1);
    expect((await searchServices(db(), fx.tenant.id, { q: 'Wedding' })).hits.map((h) => h.id)).toContain(
      s.id,
    );
    await expect(
      decideProposal(fx.actors.teamA, db(), proposal.id, { decision: 'rejected' }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await auditActions(proposal.id)).map((a) => a.action).sort()).toEqual([
      'accept',
      'propose',
      'send_link',
    ]);
  });

  it('a rejected proposal leaves the entry as it was', async () => {
    const s = await service('Pflegeberatung Gesundbrunnen');
    const token = await send(s.id);
    await proposeChange(db(), fx.tenant.id, token, { name: 'Werbung statt Beratung' });
    const proposal = (await openProposal(fx.actors.teamA, db(), s.id))!;
    await decideProposal(fx.actors.teamA, db(), proposal.id, { decision: 'rejected' });
    const after = await getService(fx.actors.teamA, db(), s.id);
    expect(after.name).toBe('Pflegeberatung Gesundbrunnen');
    expect(after.reviewedAt).toBeNull();
    expect(await openProposal(fx.actors.teamA, db(), s.id)).toBeUndefined();
  });
});

describe('provider review link (pages)', () => {
  const page = (token: string) => `/${fx.tenant.slug}/help/review/${token}`;

  it('shows the entry without script, in five languages; an unknown link says it does not work', async () => {
    const s = await service('Erwerbslosenberatung Wedding');
    const token = await send(s.id);
    const res = await ctx.app.request(page(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain('Erwerbslosenberatung Wedding');
    expect(text(html)).toContain('Koloniestraße 2');
    expect(text(html)).toContain('10:00–14:00');
    const titles: Record<string, string> = {
      en: 'Your entry in the help directory',
      tr: 'Yardım rehberindeki kaydınız',
      ar: 'إدخالكم في دليل المساعدة',
      'de-x-ls': 'Etwas ändern',
    };
    for (const [lang, title] of Object.entries(titles))
      expect(await (await ctx.app.request(`${page(token)}?lang=${lang}`)).text(), lang).toContain(title);
    const bad = await ctx.app.request(page('A'.repeat(32)));
    expect(bad.status).toBe(404);
    expect(text(await bad.text())).toContain('Dieser Link gilt nicht (mehr).');
  });

  it('"correct it" refused names the field and keeps what was typed; sent, staff see it and accept it', async () => {
    const s = await service('Schwangerschaftsberatung Wedding');
    const token = await send(s.id);
    const provider = new Agent(ctx.app);
    const refused = await provider.post(
      `${page(token)}/correct`,
      { name: 'Schwangerschaftsberatung Wedding', email: 'kaputt', note: 'Neue Adresse: Prinzenallee 5' },
      { csrfFrom: page(token) },
    );
    expect(refused.status).toBe(422);
    const body = await refused.text();
    expect(body).toMatch(/href="#email"/);
    expect(body).toContain('value="kaputt"');
    expect(body).toContain('Neue Adresse: Prinzenallee 5');
    const csrf = provider.csrfToken();
    const ok = await provider.post(`${page(token)}/correct`, {
      name: 'Schwangerschaftsberatung Wedding',
      email: 'neu@example.org',
      note: 'Neue Adresse: Prinzenallee 5',
    });
    expect(ok.status).toBe(200);
    expect(text(await ok.text())).toContain('Ihre Änderung ist angekommen');
    expect((await getService(fx.actors.teamA, db(), s.id)).email).not.toBe('neu@example.org');
    // Answered once: the forms are gone, a second answer is refused.
    expect(provider.lastHtml).not.toContain(`${page(token)}/confirm`);
    const again = await provider.post(`${page(token)}/confirm`, {}, { csrf });
    expect(again.status).toBe(409);

    const staff = await new Agent(ctx.app).loginAs(ctx.services, fx.users.teamA.id);
    const list = text(await (await staff.get(`/staff/${fx.tenant.slug}/help`)).text());
    expect(list).toMatch(/Schwangerschaftsberatung Wedding .*Änderung vorgeschlagen/);
    const edit = `/staff/${fx.tenant.slug}/help/${s.id}/edit`;
    const editHtml = await (await staff.get(edit)).text();
    expect(text(editHtml)).toContain('neu@example.org');
    expect(text(editHtml)).toContain('Neue Adresse: Prinzenallee 5');
    const proposalId = /\/proposals\/([0-9a-f-]{36})/.exec(editHtml)![1];
    const teamB = await new Agent(ctx.app).loginAs(ctx.services, fx.users.teamB.id);
    const forbidden = await teamB.post(
      `/staff/${fx.tenant.slug}/help/${s.id}/proposals/${proposalId}`,
      { decision: 'accepted' },
      { csrfFrom: `/staff/${fx.tenant.slug}/help` },
    );
    expect(forbidden.status).toBe(403);
    const accepted = await staff.post(`/staff/${fx.tenant.slug}/help/${s.id}/proposals/${proposalId}`, {
      decision: 'accepted',
    });
    expect(accepted.status).toBe(303);
    expect((await getService(fx.actors.teamA, db(), s.id)).email).toBe('neu@example.org');
  });

  it('"still correct" over HTTP; staff send a link from the service page and a refused address is named', async () => {
    const s = await service('Rentenberatung Wedding');
    const staff = await new Agent(ctx.app).loginAs(ctx.services, fx.users.teamA.id);
    const edit = `/staff/${fx.tenant.slug}/help/${s.id}/edit`;
    const refused = await staff.post(
      `/staff/${fx.tenant.slug}/help/${s.id}/review-link`,
      { email: 'kein@' },
      {
        csrfFrom: edit,
      },
    );
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('value="kein@"');
    expect(refusedHtml).toMatch(/href="#review-email"/);
    const sent = await staff.post(
      `/staff/${fx.tenant.slug}/help/${s.id}/review-link`,
      { email: '' },
      {
        csrfFrom: edit,
      },
    );
    expect(sent.status).toBe(303);
    const [mail] = await db()
      .select()
      .from(mailOutbox)
      .where(
        and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, 'rentenberatungwedding@example.org')),
      );
    expect(mail.subject).toContain('Rentenberatung Wedding');
    const token = /help\/review\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const provider = new Agent(ctx.app);
    const done = await provider.post(`${page(token)}/confirm`, {}, { csrfFrom: page(token) });
    expect(done.status).toBe(200);
    expect(text(await done.text())).toContain('Ihr Eintrag ist als geprüft markiert');
    const list = text(await (await staff.get(`/staff/${fx.tenant.slug}/help`)).text());
    expect(list).toMatch(/Rentenberatung Wedding .*\(vom Träger\)/);
  });
});
