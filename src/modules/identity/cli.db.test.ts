import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeServices, main, openServices } from '../../cli.ts';
import { AppError } from '../../platform/http/errors.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { listMemberships } from '../access/index.ts';
import { upsertAreas } from '../areas/index.ts';
import { createTenant } from '../tenancy/index.ts';
import { inviteCommand, loginLinkCommand } from './cli.ts';
import { lastMailTo } from './test/helpers.ts';
import { findUserByEmail } from './users.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('quartier user invite / login-link (command functions)', () => {
  it('invites with an area given by key and prints a working link', async () => {
    const tenant = await makeTenant(ctx.services, 'cli-a', 'CLI Stadt');
    const { ids } = await upsertAreas(ctx.services.db, tenant.id, 'district', [
      { kind: 'district', key: '01', name: 'Mitte' },
    ]);
    const link = await inviteCommand(ctx.services, {
      tenant: 'cli-a',
      email: 'zoe@example.org',
      role: 'coordinator',
      area: '01',
    });
    expect(link).toMatch(/^http:\/\/localhost\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect((await lastMailTo(ctx, 'zoe@example.org')).text).toContain(link);

    const agent = new Agent(ctx.app);
    const path = new URL(link).pathname;
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Mitte');
    expect((await agent.post(path, { name: 'Zoe', password: 'zoes passwort 1' })).status).toBe(303);
    const user = (await findUserByEmail(ctx.services.db, 'zoe@example.org'))!;
    const [m] = await listMemberships(ctx.services.db, tenant.id, { userId: user.id });
    expect(m).toMatchObject({ tenantId: tenant.id, role: 'coordinator', scopeAreaId: ids.get('01') });
  });

  it('refuses unknown tenant, role, area and a bad address with one clear line', async () => {
    await makeTenant(ctx.services, 'cli-b');
    const base = { tenant: 'cli-b', email: 'a@example.org', role: 'team' };
    await expect(inviteCommand(ctx.services, { ...base, tenant: 'nope' })).rejects.toThrow(
      'Unknown tenant "nope".',
    );
    await expect(inviteCommand(ctx.services, { ...base, role: 'king' })).rejects.toThrow(
      /Unknown role "king" \(one of admin, coordinator/,
    );
    await expect(inviteCommand(ctx.services, { ...base, area: 'XYZ' })).rejects.toThrow(
      'Unknown area "XYZ".',
    );
    const bad = inviteCommand(ctx.services, { ...base, email: 'not-an-address' });
    await expect(bad).rejects.toBeInstanceOf(AppError);
    await expect(bad).rejects.toThrow(/--email: Please enter a valid e-mail address/);
  });

  it('prints a one-time sign-in link for an existing account only', async () => {
    const tenant = await makeTenant(ctx.services, 'cli-c');
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin', email: 'ben@example.org' });
    const link = await loginLinkCommand(ctx.services, { email: 'Ben@Example.org' });
    const path = new URL(link).pathname;
    const agent = new Agent(ctx.app);
    await agent.get(path);
    const used = await agent.post(path, {});
    expect(used.status).toBe(303);
    expect((await agent.get(`/staff/${tenant.slug}`)).status).toBe(200);
    await expect(loginLinkCommand(ctx.services, { email: 'ghost@example.org' })).rejects.toThrow(
      'No account with the e-mail address "ghost@example.org".',
    );
  });
});

describe('quartier user … through main()', () => {
  it('prints the link and exits 0; an unknown tenant gives one line and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quartier-cli-'));
    const saved = { ...process.env };
    process.env.DATA_DIR = dir;
    process.env.SEED_DEMO = '0';
    process.env.LOG_LEVEL = 'silent';
    process.env.BASE_URL = 'https://quartier.example.org';
    delete process.env.DATABASE_URL;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const s = await openServices();
      await createTenant(s.db, { slug: 'cli-main', name: 'CLI Main' });
      await closeServices(s);

      const code = await main([
        'user',
        'invite',
        '--tenant',
        'cli-main',
        '--email',
        'main@example.org',
        '--role',
        'admin',
      ]);
      expect(code).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /^https:\/\/quartier\.example\.org\/invite\/[A-Za-z0-9_-]+$/m,
      );

      const login = await main(['user', 'login-link', '--email', 'nobody@example.org']);
      expect(login).toBe(1);
      const bad = await main([
        'user',
        'invite',
        '--tenant',
        'missing',
        '--email',
        'x@example.org',
        '--role',
        'team',
      ]);
      expect(bad).toBe(1);
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
        'Error: No account with the e-mail address "nobody@example.org".',
        'Error: Unknown tenant "missing".',
      ]);
    } finally {
      log.mockRestore();
      error.mockRestore();
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
