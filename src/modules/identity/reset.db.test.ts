import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { authTokens } from './db/schema.ts';
import { RESET_MAILS_PER_HOUR } from './password-reset.ts';
import { lastMailTo, linkPath, mailsTo } from './test/helpers.ts';
import { inspectToken, issueToken, pruneAuthTokens } from './tokens.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('password reset', () => {
  it('resets by mail link end to end: old sessions end, the new password works, the link works once', async () => {
    const tenant = await makeTenant(ctx.services, 'reset-a');
    const user = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      email: 'sara@example.org',
      password: 'altes passwort 1',
    });
    const laptop = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const phone = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    expect((await laptop.get(`/staff/${tenant.slug}`)).status).toBe(200);

    const browser = new Agent(ctx.app);
    const asked = await browser.post('/reset', { email: 'Sara@example.org' }, { csrfFrom: '/reset' });
    expect(asked.status).toBe(200);
    const answer = await asked.text();
    expect(answer).toContain('Wenn es ein Konto mit dieser Adresse gibt');
    // An unknown address gets exactly the same answer and no mail.
    const unknown = await browser.post('/reset', { email: 'nobody@example.org' }, { csrfFrom: '/reset' });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('Wenn es ein Konto mit dieser Adresse gibt');
    expect(await mailsTo(ctx, 'nobody@example.org')).toHaveLength(0);

    const mail = await lastMailTo(ctx, 'sara@example.org');
    expect(mail.subject).toBe('Neues Passwort für Quartier');
    const path = linkPath(mail.text, '/reset');
    const form = await browser.get(path);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('sara@example.org');

    const mismatch = await browser.post(path, { password: 'neues passwort 22', repeat: 'neues passwort 23' });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('Die beiden Passwörter stimmen nicht überein.');
    const short = await browser.post(path, { password: 'kurz', repeat: 'kurz' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('mindestens 10 Zeichen');

    const ok = await browser.post(path, { password: 'neues passwort 22', repeat: 'neues passwort 22' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/staff');
    expect((await browser.get(`/staff/${tenant.slug}`)).status).toBe(200);

    // Every session from before is gone.
    for (const old of [laptop, phone]) {
      const r = await old.get(`/staff/${tenant.slug}`);
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toContain('/login');
    }
    const oldPw = await new Agent(ctx.app).post(
      '/login',
      { email: 'sara@example.org', password: 'altes passwort 1' },
      { csrfFrom: '/login' },
    );
    expect(oldPw.status).toBe(422);
    const newPw = await new Agent(ctx.app).post(
      '/login',
      { email: 'sara@example.org', password: 'neues passwort 22' },
      { csrfFrom: '/login' },
    );
    expect(newPw.status).toBe(303);

    const reused = await new Agent(ctx.app).get(path);
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('Dieser Link wurde schon benutzt');
  });

  it('says so when the link has expired, in English too', async () => {
    await makeUser(ctx.services, { email: 'tom@example.org', password: 'toms passwort 1' });
    const browser = new Agent(ctx.app);
    await browser.post('/reset?lang=en', { email: 'tom@example.org' }, { csrfFrom: '/reset?lang=en' });
    const path = linkPath((await lastMailTo(ctx, 'tom@example.org')).text, '/reset');
    await ctx.services.db
      .update(authTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(authTokens.email, 'tom@example.org'));
    const res = await browser.get(`${path}?lang=en`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link has expired');
    const post = await browser.post(
      path,
      { password: 'neues passwort 22', repeat: 'neues passwort 22' },
      { csrfFrom: '/reset' },
    );
    expect(post.status).toBe(400);
  });

  it('sends at most a few mails per address and hour, with the same answer every time', async () => {
    await makeUser(ctx.services, { email: 'uwe@example.org', password: 'uwes passwort 1' });
    const browser = new Agent(ctx.app);
    for (let i = 0; i < RESET_MAILS_PER_HOUR + 2; i++) {
      const r = await browser.post('/reset', { email: 'uwe@example.org' }, { csrfFrom: '/reset' });
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('Wenn es ein Konto mit dieser Adresse gibt');
    }
    expect(await mailsTo(ctx, 'uwe@example.org')).toHaveLength(RESET_MAILS_PER_HOUR);
  });

  it('validates the request form', async () => {
    const browser = new Agent(ctx.app);
    const r = await browser.post('/reset', { email: 'nope' }, { csrfFrom: '/reset' });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(html).toContain('value="nope"');
  });
});

describe('magic link', () => {
  it('mails a one-time link that signs in once and then says it is used up', async () => {
    const tenant = await makeTenant(ctx.services, 'magic-a');
    await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'coordinator',
      email: 'vera@example.org',
      name: 'Vera',
    });
    const browser = new Agent(ctx.app);
    const asked = await browser.post(
      '/login/magic',
      { email: 'vera@example.org' },
      { csrfFrom: '/login/magic' },
    );
    expect(asked.status).toBe(200);
    const path = linkPath((await lastMailTo(ctx, 'vera@example.org')).text, '/magic');

    const confirm = await browser.get(path);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('vera@example.org');
    const used = await browser.post(path, {});
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/staff');
    const home = await browser.get(`/staff/${tenant.slug}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Vera');

    const other = new Agent(ctx.app);
    const second = await other.post(path, {}, { csrfFrom: '/login' });
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(path);
    expect(other.cookie('q_session')).toBeUndefined();
    const page = await other.get(path);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('ungültig, abgelaufen oder wurde schon benutzt');
  });
});

describe('housekeeping', () => {
  it('deletes one-time tokens a week after they expired, and keeps the rest', async () => {
    const old = await issueToken(ctx.services.db, { purpose: 'password_reset', email: 'old@example.org' });
    const recent = await issueToken(ctx.services.db, {
      purpose: 'password_reset',
      email: 'recent@example.org',
    });
    const live = await issueToken(ctx.services.db, { purpose: 'invitation', email: 'live@example.org' });
    await ctx.services.db
      .update(authTokens)
      .set({ expiresAt: sql`now() - interval '8 days'` })
      .where(eq(authTokens.email, 'old@example.org'));
    await ctx.services.db
      .update(authTokens)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(authTokens.email, 'recent@example.org'));
    expect(await pruneAuthTokens(ctx.services.db)).toBeGreaterThanOrEqual(1);
    expect((await inspectToken(ctx.services.db, 'password_reset', old)).state).toBe('unknown');
    expect((await inspectToken(ctx.services.db, 'password_reset', recent)).state).toBe('expired');
    expect((await inspectToken(ctx.services.db, 'invitation', live)).state).toBe('valid');
  });
});
