import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, Services } from './context.ts';
import { csrfTokenFor } from './security.ts';

/** A page that shows a form to a visitor without a session: it mints the double-submit cookie. */
function appBehind(trustProxy: boolean) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('services', { config: { trustProxy } } as unknown as Services);
    await next();
  });
  app.get('/form', (c) => c.text(csrfTokenFor(c)));
  return app;
}

const csrfCookie = (res: Response) => res.headers.getSetCookie().find((x) => x.startsWith('q_csrf='));

describe('anonymous CSRF cookie', () => {
  it('is Secure when the request itself came over HTTPS', async () => {
    const cookie = csrfCookie(await appBehind(false).request('https://quartier.example/form'));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it('is Secure behind a trusted TLS proxy (X-Forwarded-Proto: https, TRUST_PROXY on)', async () => {
    const res = await appBehind(true).request('http://10.0.0.5:3000/form', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(csrfCookie(res)).toMatch(/; Secure/);
  });

  it('is not Secure over plain HTTP, nor when an untrusted client claims HTTPS', async () => {
    expect(csrfCookie(await appBehind(true).request('http://localhost/form'))).not.toMatch(/Secure/);
    const claimed = await appBehind(false).request('http://localhost/form', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(csrfCookie(claimed)).not.toMatch(/Secure/);
  });
});
