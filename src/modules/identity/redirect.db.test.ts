/**
 * Open redirects after sign-in: every route of the sign-in flows that is given a `next` (in the
 * query, or in the form for the password sign-in) answers with a page of this site or a redirect to
 * one — never another host, never a 500 (a CR/LF in a Location header would be one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from '../../platform/http/schema.ts';
import {
  Agent,
  actorOfUser,
  createTestContext,
  makeTenant,
  makeUser,
  type TestContext,
} from '../../test/kit.ts';
import { OFF_SITE_TARGETS } from '../../test/redirect-attacks.ts';
import { inviteUser } from './invitations.ts';
import { issueToken } from './tokens.ts';

let ctx: TestContext;
const ORIGIN = 'http://localhost';
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** What a browser does with the answer: follow Location (tabs and line breaks dropped) from our origin. */
function expectStaysOnSite(res: Response, what: string) {
  expect(res.status, what).toBeLessThan(500);
  const location = res.headers.get('location');
  if (location === null) return;
  const target = new URL(location.replace(/[\t\n\r]/g, ''), ORIGIN);
  expect(target.origin, `${what} → ${location}`).toBe(ORIGIN);
  expect(location, what).not.toMatch(/^\s*[/\\]{2}/);
}

// The loops sign in once per attack string, each a full scrypt hash: give them time on a busy machine.
describe('sign-in redirect (`next`)', () => {
  it('password sign-in goes to `next` only when it is a path of this site', async () => {
    await makeUser(ctx.services, { email: 'next-ok@example.org', password: 'next ok password' });
    const agent = new Agent(ctx.app);
    const res = await agent.post(
      '/login',
      { email: 'next-ok@example.org', password: 'next ok password', next: '/staff/mitte/events?page=2' },
      { csrfFrom: '/login' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/mitte/events?page=2');
    // Signed in, /login?next= redirects straight away.
    const again = await agent.get(`/login?next=${encodeURIComponent('/staff/mitte')}`);
    expect(again.headers.get('location')).toBe('/staff/mitte');
  });

  it('password sign-in with an off-site `next` lands on the staff start page', async () => {
    await makeUser(ctx.services, { email: 'next-evil@example.org', password: 'next evil password' });
    for (const next of OFF_SITE_TARGETS) {
      await ctx.services.db.delete(rateLimits);
      const agent = new Agent(ctx.app);
      const res = await agent.post(
        '/login',
        { email: 'next-evil@example.org', password: 'next evil password', next },
        { csrfFrom: '/login' },
      );
      if (next.includes('\u0000')) {
        // Refused for every route before it is read (platform/http/input-guard.ts).
        expect(res.status, JSON.stringify(next)).toBe(400);
        continue;
      }
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/staff');
    }
  }, 120_000);

  it('a signed-in visit to /login?next=… never leaves the site, and the form shows for everyone else', async () => {
    const user = await makeUser(ctx.services, { email: 'next-get@example.org' });
    const signedIn = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const anonymous = new Agent(ctx.app);
    for (const next of OFF_SITE_TARGETS) {
      const query = `/login?next=${encodeURIComponent(next)}`;
      const res = await signedIn.get(query);
      expectStaysOnSite(res, `signed in ${JSON.stringify(next)}`);
      const form = await anonymous.get(query);
      if (next.includes('\u0000')) {
        expect([res.status, form.status], JSON.stringify(next)).toEqual([400, 400]);
        continue;
      }
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/staff');
      expect(form.status, JSON.stringify(next)).toBe(200);
    }
    // The literal forms from the report, as a browser sends them.
    for (const raw of [
      '/%09/evil.example',
      '/%0d%0a/evil.example',
      '%09//evil.example',
      '/%2F%2Fevil.example',
    ]) {
      const res = await signedIn.get(`/login?next=${raw}`);
      expect(res.status, raw).toBe(302);
      expect(res.headers.get('location'), raw).toBe('/staff');
    }
  });

  it('magic link, invitation, reset and single sign-on routes ignore `next` and stay on the site', async () => {
    const tenant = await makeTenant(ctx.services, 'next-flows');
    const user = await makeUser(ctx.services, {
      email: 'next-magic@example.org',
      tenantId: tenant.id,
      role: 'team',
    });
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    for (const next of OFF_SITE_TARGETS) {
      // Many attempts from one address: the sign-in rate limits would answer 429 before the route.
      await ctx.services.db.delete(rateLimits);
      const q = `?next=${encodeURIComponent(next)}`;
      const what = JSON.stringify(next);
      const agent = new Agent(ctx.app);
      // Magic link: request, open and confirm.
      await agent.get(`/login/magic${q}`);
      expectStaysOnSite(await agent.post(`/login/magic${q}`, { email: user.email, next }), `magic ${what}`);
      const magic = await issueToken(ctx.services.db, {
        purpose: 'magic_link',
        email: user.email,
        userId: user.id,
      });
      expectStaysOnSite(await agent.get(`/magic/${magic}${q}`), `magic open ${what}`);
      const confirmed = await agent.post(`/magic/${magic}${q}`, { next });
      expectStaysOnSite(confirmed, `magic confirm ${what}`);
      expect(confirmed.headers.get('location'), what).toBe(next.includes('\u0000') ? null : '/staff');
      // Invitation: open and accept.
      const link = await inviteUser(await actorOfUser(ctx, tenant.id, admin.id), ctx.services.db, {
        email: `next-inv-${OFF_SITE_TARGETS.indexOf(next)}@example.org`,
        role: 'team',
        baseUrl: ORIGIN,
        lang: 'de',
      });
      const invite = new URL(link).pathname.split('/').pop();
      const guest = new Agent(ctx.app);
      expectStaysOnSite(await guest.get(`/invite/${invite}${q}`), `invite open ${what}`);
      expectStaysOnSite(
        await guest.post(`/invite/${invite}${q}`, { name: 'Nina', password: 'a long invite password', next }),
        `invite accept ${what}`,
      );
      // Password reset request and single sign-on callback without a valid state.
      expectStaysOnSite(await guest.get(`/reset${q}`), `reset ${what}`);
      expectStaysOnSite(await guest.get(`/sso/callback${q}&state=x&code=y`), `sso callback ${what}`);
      expectStaysOnSite(await guest.get(`/sso/${tenant.slug}/unknown${q}`), `sso start ${what}`);
    }
  }, 120_000);

  it('an unknown magic-link token with line breaks is sent back to its page, encoded (found by the fuzz test)', async () => {
    const agent = new Agent(ctx.app);
    await agent.get('/login');
    const token = encodeURIComponent('\r\n\r\nX-Injected: 1');
    const res = await agent.post(`/magic/${token}`, {});
    expectStaysOnSite(res, 'magic with CR/LF');
    expect(res.headers.get('x-injected')).toBeNull();
  });
});
