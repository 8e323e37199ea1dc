import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { MAX_FORM_BYTES, MAX_REQUEST_BYTES } from './body-limit.ts';

let ctx: TestContext;
let slug: string;
let admin: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
});
afterAll(() => ctx.close());

/** A body that arrives in chunks without Content-Length, like a chunked upload. */
function streamOf(total: number, chunk = 256 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(97));
    },
  });
}

describe('request size limit', () => {
  it('refuses an oversized form before the CSRF check reads it, with a page in the visitor’s language', async () => {
    const a = new Agent(ctx.app);
    await a.get(`/${slug}/events/submit`);
    const token = a.csrfToken()!;
    const big = `_csrf=${token}&title=${'x'.repeat(MAX_FORM_BYTES)}`;
    const res = await a.request(`/${slug}/events/submit`, {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('Too much data');
    expect(html).toContain('larger than 1 MB');
    // The same form of normal size is not affected by the limit.
    const ok = await a.post(
      `/${slug}/events/submit`,
      { title: 'Kurz' },
      { csrfFrom: `/${slug}/events/submit` },
    );
    expect(ok.status).not.toBe(413);
  });

  it('refuses an upload above the global limit by its declared length and by counting a chunked body', async () => {
    const declared = await admin.request(`/staff/${slug}/events/new`, {
      method: 'POST',
      body: new Uint8Array(MAX_REQUEST_BYTES + 1),
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'accept-language': 'de' },
    });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toContain('größer als 25 MB');

    const chunked = await admin.request(`/staff/${slug}/events/new`, {
      method: 'POST',
      body: streamOf(MAX_REQUEST_BYTES + 512 * 1024),
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('answers the JSON API with a 413 error object', async () => {
    const res = await admin.request(`/api/v1/tenants/${slug}/areas/import`, {
      method: 'POST',
      body: new Uint8Array(MAX_REQUEST_BYTES + 10),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('too_large');
  });
});
