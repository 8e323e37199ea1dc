import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, Services } from './context.ts';
import { AppError } from './errors.ts';
import { csrfProtection, csrfTokenFor } from './security.ts';

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

/** A form post behind (or not behind) a trusted proxy: which refusal the CSRF check gives. */
function postApp(trustProxy: boolean, baseUrl = 'http://localhost') {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('services', { config: { trustProxy, baseUrl } } as unknown as Services);
    await next();
  });
  app.use('*', csrfProtection());
  app.post('/form', (c) => c.text('ok'));
  // csrf_origin: the Origin was refused; csrf: it passed and the missing token was refused next.
  app.onError((err, c) => c.text(err instanceof AppError ? err.code : 'error', 403));
  return app;
}
const post = async (app: Hono<AppEnv>, url: string, headers: Record<string, string>) => {
  const r = await app.request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } });
  return r.text();
};

describe('Origin check of form posts', () => {
  it('trusts X-Forwarded-Host and X-Forwarded-Proto only with TRUST_PROXY', async () => {
    const forwarded = {
      origin: 'https://quartier.example',
      'x-forwarded-host': 'quartier.example',
      'x-forwarded-proto': 'https',
    };
    // Behind a trusted proxy: the forwarded host and scheme are the request's own.
    expect(await post(postApp(true), 'http://10.0.0.5:3000/form', forwarded)).toBe('csrf');
    // Without TRUST_PROXY anyone can send these headers: a foreign page naming itself is refused.
    const attacker = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    expect(await post(postApp(false), 'http://10.0.0.5:3000/form', attacker)).toBe('csrf_origin');
    expect(await post(postApp(false), 'http://10.0.0.5:3000/form', forwarded)).toBe('csrf_origin');
    // Behind a trusted proxy the scheme counts: an http page cannot post into the https site.
    const downgraded = { ...forwarded, origin: 'http://quartier.example' };
    expect(await post(postApp(true), 'http://10.0.0.5:3000/form', downgraded)).toBe('csrf_origin');
  });

  it('accepts the request’s own host, and the origin of BASE_URL; refuses other and malformed origins', async () => {
    expect(
      await post(postApp(false), 'http://quartier.example/form', { origin: 'http://quartier.example' }),
    ).toBe('csrf');
    expect(
      await post(postApp(false), 'http://quartier.example/form', { origin: 'http://other.example' }),
    ).toBe('csrf_origin');
    expect(await post(postApp(false), 'http://quartier.example/form', { origin: 'http://[bad' })).toBe(
      'csrf_origin',
    );
    // A proxy that rewrites Host, without TRUST_PROXY: BASE_URL names the public origin.
    const app = postApp(false, 'https://quartier.example');
    expect(await post(app, 'http://127.0.0.1:3000/form', { origin: 'https://quartier.example' })).toBe(
      'csrf',
    );
    expect(await post(app, 'http://127.0.0.1:3000/form', { origin: 'http://quartier.example' })).toBe(
      'csrf_origin',
    );
  });
});
