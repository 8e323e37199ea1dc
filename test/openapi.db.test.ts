/**
 * The API description, read by someone else's tool: Redocly's OpenAPI linter with its recommended
 * rules must find nothing, and the guarantees the platform adds to every operation must hold.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../src/test/kit.ts';

type Op = {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
};
let ctx: TestContext;
let doc: { paths: Record<string, Record<string, Op>>; info: { license?: unknown } };

beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => ctx?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'put', 'post', 'patch', 'delete'].includes(m))
      .map(([method, op]) => ({ path, method, op })),
  );

describe('OpenAPI document', () => {
  it('passes Redocly’s recommended rules without a single error or warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
    expect(operations().length).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });

  it('declares every path parameter, a unique operationId and the common answers on every operation', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        expect(
          op.parameters?.some((p) => p.in === 'path' && p.name === name),
          `${where}: {${name}}`,
        ).toBe(true);
      }
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(op.operationId!), `${where}: operationId ${op.operationId} twice`).toBe(false);
      ids.add(op.operationId!);
      for (const status of ['401', '403', '404', '429'])
        expect(op.responses[status], `${where} ${status}`).toBeDefined();
      if (op.requestBody) expect(op.responses['422'], `${where} 422`).toBeDefined();
    }
    expect(doc.info.license).toEqual({ name: 'EUPL-1.2', identifier: 'EUPL-1.2' });
  });

  it('answers an unknown tenant with the declared 404 error body', async () => {
    const res = await ctx.app.request('/api/v1/tenants/no-such-tenant/areas');
    // Without a session the API says 401 first; both are declared with the same error body.
    expect([401, 404]).toContain(res.status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBeTypeOf('string');
    expect(body.error.message).toBeTypeOf('string');
  });
});
