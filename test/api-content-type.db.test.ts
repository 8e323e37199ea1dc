/**
 * The OpenAPI document promises 415 for every operation that takes a body when the body is not
 * JSON. Each such operation, sent a body as text/plain, as a form or without a type (with a valid
 * token and every header it needs), answers 415 `unsupported_media_type` — not 422, not a silent
 * success that ignored the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import type { TestParams } from '../src/platform/modules.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let slug: string;
let token: string;
let params: TestParams = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'medientyp');
  slug = tenant.slug;
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  token = (await createApiToken(ctx.services.db, tenant.id, admin.id, 'types')).token;
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant,
      marker: 'Typ',
      userId: admin.id,
      params,
    });
    for (const [k, v] of Object.entries(made)) params = { ...params, [k]: [...(params[k] ?? []), ...v] };
  }
});
afterAll(() => ctx?.close());

/** A real record for `{id}` by the path word before it, as the tenant-isolation test finds them. */
function fill(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'tenant') return slug;
    if (name === 'date') return '2030-01-15';
    const segments = path.split('/');
    const at = segments.indexOf(`{${name}}`);
    const word = segments
      .slice(0, at)
      .reverse()
      .find((s) => s && !s.startsWith('{'));
    return (
      (params[`${word}/:${name}`] ?? params[`${word}/:id`])?.[0]?.value ??
      '00000000-0000-7000-8000-000000000000'
    );
  });
}

describe('API: a body that is not JSON', () => {
  it('is 415 for every operation the OpenAPI document declares it for', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: unknown;
            responses: Record<string, unknown>;
            parameters?: { name: string; in: string }[];
          }
        >
      >;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.responses?.['415'])
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    expect(ops.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const { method, path, op } of ops) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      for (const p of op.parameters ?? []) if (p.in === 'header') headers[p.name] = '0123456789abcdef-key';
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', ''] as const) {
        const res = await ctx.app.request(`/api/v1${fill(path)}`, {
          method,
          headers: type ? { ...headers, 'content-type': type } : headers,
          body: type === 'application/x-www-form-urlencoded' ? 'name=x' : '{"name":"x"}',
        });
        const body = (await res.json()) as { error?: { code?: string } };
        if (res.status !== 415 || body.error?.code !== 'unsupported_media_type')
          wrong.push(`${method} ${path} as ${type || 'no type'}: ${res.status} ${body.error?.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
