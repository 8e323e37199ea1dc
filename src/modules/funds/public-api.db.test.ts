/**
 * The public JSON API of funds (both engines), no account: an application sent in with the same
 * checks as the public form (each refusal at its field, in the caller's language; the fund's rules
 * when sent in; target groups and criteria from the fund's lists), the private token returned once
 * (only its hash kept, the link mailed), the honeypot and the rate limit; the status by the token
 * (status and history, nobody's contact data), a wrong or another tenant's token 404.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { resetKey } from '../../platform/http/rate-limit.ts';
import { hashToken } from '../../platform/http/security.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { scheduleMeeting } from '../councils/index.ts';
import { applications } from './db/schema.ts';
import { requestChanges, updateFund } from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let f: Awaited<ReturnType<typeof fundsFixture>>;

beforeAll(async () => {
  ctx = await createTestContext();
  f = await fundsFixture(ctx);
  await updateFund(f.actors.admin, ctx.services.db, f.fund.id, {
    name: f.fund.name,
    kind: 'action',
    areaId: f.qmA,
    decidingBodyId: f.jury.id,
    criteria: ['Nachbarschaft', 'Klima'],
    targetGroups: ['Kinder', 'Ältere Menschen'],
  });
});
afterAll(() => ctx?.close());
beforeEach(async () => {
  // Requests in tests come from no address ('unknown'): each test starts with fresh counters.
  await resetKey(ctx.services.db, 'funds-apply:unknown');
  await resetKey(ctx.services.db, 'funds-link:unknown');
});

const base = () => `/api/v1/tenants/${f.tenant.slug}/public/funds`;
const post = (body: Record<string, unknown>, o: { lang?: string; fundId?: string } = {}) =>
  ctx.app.request(`${base()}/calls/${o.fundId ?? f.fund.id}/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': o.lang ?? 'de' },
    body: JSON.stringify(body),
  });
const status = (token: string, slug = f.tenant.slug) =>
  ctx.app.request(`/api/v1/tenants/${slug}/public/funds/applications/${encodeURIComponent(token)}`);

const complete = (email: string, over: Record<string, unknown> = {}) => ({
  applicantKind: 'group',
  applicantName: 'Aylin Demir',
  groupName: 'Hofgemeinschaft Prinzenallee',
  email,
  phone: '030 1234567',
  title: 'Hofflohmarkt mit Kaffeetafel',
  description: 'Ein Flohmarkt im Hof.',
  targetGroups: ['Kinder'],
  criteria: ['Nachbarschaft'],
  expectedParticipants: 80,
  costLines: [
    { item: 'Tische und Bänke leihen', costKind: 'material', amountCents: 25_000 },
    { item: 'Plakate', costKind: 'material', amountCents: 4_990 },
  ],
  ownMoneyCents: 3_000,
  volunteerHours: 12,
  consent: true,
  ...over,
});

const stored = (email: string) =>
  ctx.services.db
    .select()
    .from(applications)
    .where(and(ofTenant(applications, f.tenant.id), eq(applications.email, email)));

describe('public funds API: apply without an account', () => {
  it('sends an application in and returns the private token once; only its hash is kept and the link is mailed', async () => {
    const res = await post(complete('api.apply@example.org'), { lang: 'tr' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const out = (await res.json()) as { id: string; status: string; token: string; link: string };
    expect(out.status).toBe('submitted');
    expect(out.token.length).toBeGreaterThan(20);
    expect(out.link).toContain(`/${f.tenant.slug}/funds/applications/${out.token}`);
    const [row] = await stored('api.apply@example.org');
    expect(row).toMatchObject({
      id: out.id,
      status: 'submitted',
      lang: 'tr',
      targetGroups: ['Kinder'],
      criteria: ['Nachbarschaft'],
      requestedCents: 29_990 - 3_000,
    });
    expect(row.tokenHash).toBe(hashToken(out.token));
    const mails = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, 'api.apply@example.org'));
    expect(mails.some((m) => (m.text ?? '').includes(out.token))).toBe(true);
  });

  it('keeps a draft when asked (submit: false)', async () => {
    const res = await post(complete('api.draft@example.org', { submit: false }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { status: string }).status).toBe('draft');
  });

  it('refuses bad input naming every field, in the caller’s language, and keeps nothing', async () => {
    const res = await post(
      complete('', {
        applicantName: '',
        consent: false,
        costLines: [{ item: 'Farbe', costKind: 'material', amountCents: -5 }],
      }),
      { lang: 'en' },
    );
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields).sort()).toEqual(
      ['applicantName', 'consent', 'costLines.0.amountCents', 'email'].sort(),
    );
    // Words, not keys.
    for (const message of Object.values(error.fields)) expect(message).not.toMatch(/^(funds:|validation\.)/);
    expect(await stored('')).toHaveLength(0);
  });

  it('checks the fund’s rules when sent in: the cap, the cost kinds, the fund’s lists', async () => {
    const over = await post(
      complete('api.cap@example.org', {
        costLines: [
          { item: 'Bühne', costKind: 'material', amountCents: 180_000 },
          { item: 'Moderation', costKind: 'fee', amountCents: 10_000 },
        ],
      }),
      { lang: 'de' },
    );
    expect(over.status).toBe(422);
    const { error } = (await over.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields.costLines).toContain('1.500,00');
    expect(Object.keys(error.fields)).toContain('costLines.1.costKind');
    const lists = await post(
      complete('api.lists@example.org', { targetGroups: ['Hunde'], criteria: ['Ruhm'] }),
    );
    expect(lists.status).toBe(422);
    const fields = ((await lists.json()) as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['criteria', 'targetGroups']);
    expect(await stored('api.cap@example.org')).toHaveLength(0);
    expect(await stored('api.lists@example.org')).toHaveLength(0);
  });

  it('answers a filled honeypot as a success and keeps and mails nothing', async () => {
    const res = await post(complete('api.bot@example.org', { homepage: 'http://spam.example' }));
    expect(res.status).toBe(201);
    expect(await stored('api.bot@example.org')).toHaveLength(0);
    const mails = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, 'api.bot@example.org'));
    expect(mails).toHaveLength(0);
  });

  it('limits the applications per client like the form (429 with Retry-After)', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) answers.push((await post({ consent: false })).status);
    expect(answers.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(answers[10]).toBe(429);
  });

  it('is 404 for an unknown or archived fund', async () => {
    expect(
      (await post(complete('x@example.org'), { fundId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
  });
});

describe('public funds API: status by the private token', () => {
  it('returns status, history with staff’s note and no contact data; a wrong or another tenant’s token is 404', async () => {
    const res = await post(complete('api.status@example.org'));
    const { token, id } = (await res.json()) as { token: string; id: string };
    const { checkEligibility } = await import('./index.ts');
    await checkEligibility(f.actors.admin, ctx.services.db, id, {});
    await requestChanges(f.actors.admin, ctx.services.db, id, { note: 'Bitte ein Angebot beilegen.' });
    const ok = await status(token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toContain('no-store');
    const body = (await ok.json()) as Record<string, unknown> & {
      history: { status: string; note: string }[];
    };
    expect(body).toMatchObject({
      fund: { id: f.fund.id, name: f.fund.name },
      title: 'Hofflohmarkt mit Kaffeetafel',
      status: 'changes_requested',
      grantedCents: null,
    });
    expect(body.history.map((h) => h.status)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'changes_requested',
    ]);
    expect(body.history.at(-1)!.note).toBe('Bitte ein Angebot beilegen.');
    const json = JSON.stringify(body);
    for (const personal of ['Aylin', 'api.status@example.org', '030 1234567', 'Hofgemeinschaft'])
      expect(json).not.toContain(personal);

    expect((await status(`${token}x`)).status).toBe(404);
    expect((await status('not-a-token-of-anyone-at-all-here')).status).toBe(404);
    const other = await fundsFixture(ctx);
    expect((await status(token, other.tenant.slug)).status).toBe(404);
  });
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

describe('public application form: the fund’s lists and rules at the fields', () => {
  it('offers the fund’s target groups and criteria, keeps the ticked ones on a refusal, and stores them', async () => {
    const inMonth = new Date(Date.now() + 30 * 86_400_000);
    await scheduleMeeting(f.sys, ctx.services.db, f.jury.id, { startsAt: inMonth, title: 'Jurysitzung' });
    const visitor = new Agent(ctx.app);
    const apply = `/${f.tenant.slug}/funds/${f.fund.id}/apply`;
    const form = await (await visitor.get(apply)).text();
    expect(form).not.toContain('<script');
    for (const choice of ['Kinder', 'Ältere Menschen', 'Nachbarschaft', 'Klima'])
      expect(form).toMatch(new RegExp(`type="checkbox"[^>]*value="${choice}"`));
    const page = text(form);
    // Cap and cost kinds beside the cost plan; the next decision and its deadline beside the dates.
    expect(page).toMatch(/Betrag je Projekt\s*:\s*höchstens 1\.500,00\s€ je Antrag/);
    expect(page).toMatch(/Was bezahlt wird\s*:\s*Sachkosten/);
    const berlin = (d: Date) =>
      new Intl.DateTimeFormat('de-DE', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/Berlin',
      }).format(d);
    expect(page).toMatch(
      new RegExp(`Nächste Entscheidung: \\p{L}+, ${berlin(inMonth)}, Einsendeschluss`, 'u'),
    );

    const filled = {
      applicantKind: 'person',
      applicantName: 'Aylin Demir',
      email: 'form.lists@example.org',
      title: '',
      rows: '3',
      item_0: 'Farbe',
      kind_0: 'material',
      amount_0: '120',
      targetGroups: ['Kinder', 'Ältere Menschen'],
      criteria: 'Klima',
      consent: 'yes',
      intent: 'save',
    };
    const refused = await visitor.post(apply, filled);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    for (const kept of ['Kinder', 'Ältere Menschen', 'Klima'])
      expect(html).toMatch(new RegExp(`value="${kept}"[^>]*checked|checked[^>]*value="${kept}"`));
    expect(html).not.toMatch(/value="Nachbarschaft"[^>]*checked|checked[^>]*value="Nachbarschaft"/);

    const saved = await visitor.post(apply, { ...filled, title: 'Malen im Hof' });
    expect(saved.status).toBe(200);
    const [row] = await stored('form.lists@example.org');
    expect(row).toMatchObject({ targetGroups: ['Kinder', 'Ältere Menschen'], criteria: ['Klima'] });

    // A choice the fund does not offer comes back at its field.
    const forged = await visitor.post(
      apply,
      { ...filled, email: 'form.forged@example.org', title: 'Malen', targetGroups: 'Hunde' },
      { csrfFrom: apply },
    );
    expect(forged.status).toBe(422);
    expect(await forged.text()).toContain('href="#targetGroups"');
    expect(await stored('form.forged@example.org')).toHaveLength(0);
  });
});
