/**
 * Server-side request forgery: the server fetches addresses that members type (partners' calendar
 * feeds, an OpenID Connect issuer). Without the operator's allow-list none of them may reach this
 * machine or the internal network — not as a literal in any notation, not through a name that
 * resolves there, not through a redirect from an allowed host — and staff get a clear reason
 * instead of an error page. A "partner" server on 127.0.0.1 counts every request that reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../src/modules/events/db/schema.ts';
import { createSource, getSource, runImport, type SourceInput } from '../src/modules/events/import/run.ts';
import { eventsFixture } from '../src/modules/events/test/fixtures.ts';
import { oidcProviders } from '../src/modules/identity/db/schema.ts';
import { createProvider } from '../src/modules/identity/oidc.ts';
import { systemActor } from '../src/platform/authz.ts';
import { newId } from '../src/platform/db/index.ts';
import type { Services } from '../src/platform/http/context.ts';
import { ValidationError } from '../src/platform/http/errors.ts';
import {
  OutboundError,
  type OutboundPolicy,
  outboundFetch,
  type Resolver,
} from '../src/platform/http/outbound.ts';
import { Agent, createTestContext, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let server: Server;
let port: number;
/** Paths the partner server was asked for. */
const hits: string[] = [];

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Intern//DE',
  'BEGIN:VEVENT',
  'UID:secret-1@intern',
  'DTSTAMP:20300101T000000Z',
  'DTSTART:20300614T180000Z',
  'SUMMARY:Interne Antwort',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

beforeAll(async () => {
  // The default test configuration: no allow-list, as in production.
  ctx = await createTestContext();
  expect(ctx.services.config.outbound).toEqual({ allowPrivate: false, allowHosts: [] });
  fx = await eventsFixture(ctx);
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0];
    if (path === '/to-loopback') {
      res.writeHead(302, { Location: `http://127.0.0.1:${port}/secret.ics` });
      return res.end();
    }
    if (path === '/to-internal-name') {
      res.writeHead(301, { Location: `http://intern.partner.example:${port}/secret.ics` });
      return res.end();
    }
    if (path === '/to-metadata') {
      res.writeHead(307, { Location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    if (path === '/moved') {
      res.writeHead(308, { Location: '/feed.ics' });
      return res.end();
    }
    if (path === '/loop') {
      res.writeHead(302, { Location: '/loop' });
      return res.end();
    }
    if (path === '/big') {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      return res.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
    }
    if (path === '/bomb') {
      res.writeHead(200, { 'Content-Type': 'text/calendar', 'Content-Encoding': 'gzip' });
      return res.end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
    }
    if (path === '/silent') return; // never answers
    res.writeHead(200, { 'Content-Type': 'text/calendar' });
    res.end(FEED);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await ctx?.close();
});

const NONE: OutboundPolicy = { allowPrivate: false, allowHosts: [] };

/** A DNS of our own: partner names that resolve to whatever the test says. */
function dns(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const list = table[host.toLowerCase()];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

async function refusal(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error('the request was not refused');
}

/** Every internal target, in the notations an attacker would try. */
const internal = () => [
  `http://127.0.0.1:${port}/feed.ics`,
  `http://2130706433:${port}/feed.ics`,
  `http://0x7f.0.0.1:${port}/feed.ics`,
  `http://0.0.0.0:${port}/feed.ics`,
  'http://10.0.0.1/feed.ics',
  'http://192.168.178.1/feed.ics',
  'http://169.254.169.254/latest/meta-data/',
  `http://[::1]:${port}/feed.ics`,
  `http://[::ffff:127.0.0.1]:${port}/feed.ics`,
  'http://[fd00::1]/feed.ics',
  `http://localhost:${port}/feed.ics`,
];

describe('the guarded fetch, without an allow-list', () => {
  it('refuses loopback, private, link-local and metadata addresses in every notation, before connecting', async () => {
    hits.length = 0;
    for (const url of internal()) {
      const err = await refusal(outboundFetch(NONE, url, { timeoutMs: 5000 }));
      expect(err.code, url).toBe('address_refused');
    }
    expect(hits).toEqual([]);
  });

  it('checks every address a name resolves to, at connect time', async () => {
    hits.length = 0;
    const resolver = dns({
      'feed.partner.example': ['127.0.0.1'],
      'mixed.partner.example': ['93.184.215.14', '127.0.0.1'],
      'meta.partner.example': ['169.254.169.254'],
      'v6.partner.example': ['::ffff:127.0.0.1'],
    });
    for (const host of ['feed', 'mixed', 'meta', 'v6']) {
      const err = await refusal(
        outboundFetch(NONE, `http://${host}.partner.example:${port}/feed.ics`, { resolver, timeoutMs: 5000 }),
      );
      expect(err.code, host).toBe('address_refused');
    }
    expect(hits).toEqual([]);
    const unknown = await refusal(outboundFetch(NONE, 'http://nowhere.partner.example/', { resolver }));
    expect(unknown.code).toBe('not_found');
  });

  it('checks every redirect hop again: an allowed host cannot send the server on to an internal one', async () => {
    // The operator allowed the partner's name; the partner's server then redirects inward.
    const policy: OutboundPolicy = { allowPrivate: false, allowHosts: ['feeds.partner.example'] };
    const resolver = dns({
      'feeds.partner.example': ['127.0.0.1'],
      'intern.partner.example': ['127.0.0.1'],
    });
    for (const path of ['/to-loopback', '/to-internal-name', '/to-metadata']) {
      hits.length = 0;
      const err = await refusal(
        outboundFetch(policy, `http://feeds.partner.example:${port}${path}`, { resolver, timeoutMs: 5000 }),
      );
      expect(err.code, path).toBe('address_refused');
      expect(hits, path).toEqual([path]);
    }
    // A redirect within the allowed host is followed; a loop is cut off.
    hits.length = 0;
    const moved = await outboundFetch(policy, `http://feeds.partner.example:${port}/moved`, { resolver });
    expect(await moved.text()).toContain('Interne Antwort');
    expect(hits).toEqual(['/moved', '/feed.ics']);
    const loop = await refusal(
      outboundFetch(policy, `http://feeds.partner.example:${port}/loop`, { resolver, maxRedirects: 3 }),
    );
    expect(loop.code).toBe('too_many_redirects');
  });

  it('connects to the address it checked: the name is resolved once per connection, by the guard', async () => {
    const policy: OutboundPolicy = { allowPrivate: false, allowHosts: ['127.0.0.1'] };
    const resolver = dns({ 'feeds.partner.example': ['127.0.0.1'] });
    hits.length = 0;
    const res = await outboundFetch(policy, `http://feeds.partner.example:${port}/feed.ics`, { resolver });
    expect(res.status).toBe(200);
    expect(resolver.calls).toEqual(['feeds.partner.example']);
    expect(hits).toEqual(['/feed.ics']);
    await res.body?.cancel();
  });

  it('limits the size, also of a compressed answer, and the time', async () => {
    const policy: OutboundPolicy = { allowPrivate: false, allowHosts: ['127.0.0.1'] };
    const big = await refusal(
      outboundFetch(policy, `http://127.0.0.1:${port}/big`, { maxBytes: 1024 * 1024 }).then((r) =>
        r.arrayBuffer(),
      ),
    );
    expect(big.code).toBe('too_large');
    const bomb = await refusal(
      outboundFetch(policy, `http://127.0.0.1:${port}/bomb`, { maxBytes: 1024 * 1024 }).then((r) =>
        r.arrayBuffer(),
      ),
    );
    expect(bomb.code).toBe('too_large');
    const slow = await refusal(outboundFetch(policy, `http://127.0.0.1:${port}/silent`, { timeoutMs: 300 }));
    expect(slow.code).toBe('timeout');
    const scheme = await refusal(outboundFetch(policy, 'file:///etc/passwd'));
    expect(scheme.code).toBe('invalid_url');
  });
});

const sourceInput = (url: string, over: Partial<SourceInput> = {}): SourceInput => ({
  name: `Partner ${newId().slice(-6)}`,
  kind: 'url',
  url,
  areaId: fx.qmA,
  categoryIds: [],
  attribution: 'Partner',
  attributionUrl: null,
  publishMode: 'publish',
  intervalMinutes: 60,
  enabled: true,
  ...over,
});

const importedBy = (sourceId: string) =>
  ctx.services.db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, fx.tenant.id), eq(events.importSourceId, sourceId)));

describe('calendar import sources', () => {
  it('a scheduled import of an internal address fails with the reason in its report and publishes nothing', async () => {
    hits.length = 0;
    for (const url of internal()) {
      // Saved directly, as a source stored before this check (or by a changed allow-list) would be.
      const source = await createSource(ctx.services.db, fx.tenant.id, sourceInput(url));
      const run = await runImport(ctx.services, fx.tenant.id, source.id, { trigger: 'schedule' });
      expect(run.status, url).toBe('failed');
      expect(run.problems[0], url).toMatchObject({ code: 'addressRefused' });
      const after = await getSource(ctx.services.db, fx.tenant.id, source.id);
      expect(after).toMatchObject({ lastStatus: 'failed' });
      expect(after?.lastError).toMatch(/internal address|local network/);
      expect(await importedBy(source.id)).toEqual([]);
    }
    expect(hits).toEqual([]);
  });

  it('a feed that resolves or redirects inward is refused too', async () => {
    const resolver = dns({
      'kalender.partner.example': ['127.0.0.1'],
      'feeds.partner.example': ['127.0.0.1'],
    });
    hits.length = 0;
    const byName = await createSource(
      ctx.services.db,
      fx.tenant.id,
      sourceInput(`http://kalender.partner.example:${port}/feed.ics`),
    );
    const run = await runImport(ctx.services, fx.tenant.id, byName.id, { trigger: 'schedule', resolver });
    expect(run.problems[0]).toMatchObject({ code: 'addressRefused' });
    expect(hits).toEqual([]);

    // The operator allowed the partner's host; its answer redirects to this machine.
    const allowing: Services = {
      ...ctx.services,
      config: {
        ...ctx.services.config,
        outbound: { allowPrivate: false, allowHosts: ['feeds.partner.example'] },
      },
    };
    const redirected = await createSource(
      ctx.services.db,
      fx.tenant.id,
      sourceInput(`http://feeds.partner.example:${port}/to-loopback`),
    );
    const run2 = await runImport(allowing, fx.tenant.id, redirected.id, { trigger: 'schedule', resolver });
    expect(run2.status).toBe('failed');
    expect(run2.problems[0]).toMatchObject({ code: 'addressRefused' });
    expect(hits).toEqual(['/to-loopback']);
    expect(await importedBy(redirected.id)).toEqual([]);
  });

  it('staff cannot save an internal address (a field message, what they typed kept) and see why a fetch failed', async () => {
    const a = await fx.agent(fx.admin.id);
    const base = `/staff/${fx.tenant.slug}/events/sources`;
    for (const url of [
      `http://127.0.0.1:${port}/feed.ics`,
      'http://[::ffff:7f00:1]/x.ics',
      'http://localhost:5432/',
    ]) {
      const res = await a.post(
        `${base}/new`,
        {
          name: 'Interner Kalender',
          kind: 'url',
          url,
          areaId: fx.qmA,
          publishMode: 'publish',
          intervalMinutes: '60',
        },
        { csrfFrom: `${base}/new` },
      );
      expect(res.status, url).toBe(422);
      const html = await res.text();
      expect(html).toContain('führt ins interne Netz');
      expect(html).toContain('value="Interner Kalender"');
    }
    hits.length = 0;
    const stored = await createSource(
      ctx.services.db,
      fx.tenant.id,
      sourceInput(`http://127.0.0.1:${port}/feed.ics`),
    );
    const run = await a.post(`${base}/${stored.id}/run`, {}, { csrfFrom: `${base}/${stored.id}` });
    expect(run.status).toBe(200);
    expect(await run.text()).toContain('solche Adressen ruft Quartier nicht ab');
    const page = await (await a.get(`${base}/${stored.id}`)).text();
    expect(page).toContain('Der letzte Import ist fehlgeschlagen');
    expect(hits).toEqual([]);
  });
});

describe('OpenID Connect issuers', () => {
  it('an internal issuer cannot be added, in any notation', async () => {
    const add = (issuer: string) =>
      createProvider(
        systemActor(fx.tenant.id),
        ctx.services.db,
        { name: 'Intern', issuer, clientId: 'c', clientSecret: 's' },
        ctx.services.config.outbound,
      ).then(
        () => 'added',
        (err) => (err instanceof ValidationError ? err.fields.issuer : String(err)),
      );
    // Plain http only for an internal issuer the operator allowed.
    expect(await add(`http://127.0.0.1:${port}`)).toBe('identity:sso.admin.issuerInvalid');
    expect(await add(`http://localhost:${port}`)).toBe('identity:sso.admin.issuerInvalid');
    for (const issuer of [
      'https://127.0.0.1',
      'https://2130706433',
      'https://10.1.2.3/realms/x',
      'https://169.254.169.254',
      'https://[::1]',
      'https://[::ffff:127.0.0.1]',
      'https://localhost',
    ])
      expect(await add(issuer), issuer).toBe('identity:sso.admin.issuerRefused');
    const a = await fx.agent(fx.admin.id);
    const res = await a.post(
      `/staff/${fx.tenant.slug}/sso`,
      { name: 'Intern', issuer: 'https://10.0.0.5', clientId: 'c', clientSecret: 's' },
      { csrfFrom: `/staff/${fx.tenant.slug}/sso` },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('führt ins interne Netz');
  });

  it('a stored internal issuer is never contacted: sign-in says the service cannot be reached', async () => {
    hits.length = 0;
    for (const issuer of [
      `http://127.0.0.1:${port}`,
      `https://localhost:${port}`,
      'https://169.254.169.254',
    ]) {
      const id = newId();
      await ctx.services.db
        .insert(oidcProviders)
        .values({ tenantId: fx.tenant.id, id, name: 'Alt', issuer, clientId: 'c', clientSecret: 's' });
      const res = await new Agent(ctx.app).get(`/sso/${fx.tenant.slug}/${id}?lang=en`);
      expect(res.status, issuer).toBe(400);
      expect(await res.text()).toContain('cannot be reached right now');
    }
    expect(hits).toEqual([]);
  });
});
