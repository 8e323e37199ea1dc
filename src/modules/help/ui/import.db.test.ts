/**
 * The import screen over HTTP without JavaScript, and `quartier directory import`: upload the Berlin
 * directory → preview (new, updated, unchanged, refused and why) with nothing written → confirm →
 * imported; a changed file updates only what changed; a file that is not the directory is refused
 * with the missing columns named; only curators import (a team member gets 403).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BERLIN } from '../../../../test/fixtures.ts';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { registerHelpCli } from '../cli.ts';
import { listServices, readBerlinServices } from '../index.ts';
import { helpFixture } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let base: string;
const original = readFileSync(BERLIN.services, 'utf8');
const read = readBerlinServices(new Uint8Array(readFileSync(BERLIN.services)));
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  base = `/staff/${fx.tenant.slug}/help`;
});
afterAll(() => ctx?.close());

/** Posts a file like a browser's form would (multipart), with the CSRF token of the upload page. */
async function upload(agent: Agent, text: string, name = 'hilf-mir.csv') {
  await agent.get(`${base}/import`);
  const form = new FormData();
  form.append('_csrf', agent.csrfToken() ?? '');
  form.append('file', new File([text], name, { type: 'text/csv' }));
  return agent.request(`${base}/import`, { method: 'POST', body: form });
}

/** The preview's counts by their label. */
function counts(html: string): Record<string, string> {
  const page = parse(html);
  const out: Record<string, string> = {};
  const terms = page.querySelectorAll('dt');
  const values = page.querySelectorAll('dd');
  terms.forEach((t, i) => {
    out[t.text.trim()] = values[i]?.text.trim();
  });
  return out;
}

const count = () => listServices(fx.actors.admin, ctx.services.db).then((l) => l.length);

describe('import screen', () => {
  it('a team member may not import', async () => {
    const team = await agentOf(fx.users.teamA.id);
    expect((await team.get(`${base}/import`)).status).toBe(403);
    await team.get(base);
    const csrf = team.csrfToken();
    const r = await team.post(
      `${base}/import/confirm`,
      { upload: '00000000-0000-4000-8000-000000000000' },
      { csrf },
    );
    expect(r.status).toBe(403);
  });

  it('previews the Berlin file without writing, then imports it on confirmation', async () => {
    const coordinator = await agentOf(fx.users.coordinator.id);
    const res = await upload(coordinator, original);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(counts(html)).toMatchObject({
      'Neue Angebote': String(read.records.length),
      'Angebote, die geändert werden': '0',
      'Unverändert (wie gespeichert)': '0',
      'Abgelehnte Zeilen': String(read.rejected.length),
      'Leere Zeilen übersprungen': String(read.blankRows),
    });
    // Each refused row with its line and reason.
    expect(read.rejected.length).toBeGreaterThan(0);
    for (const r of read.rejected) expect(html).toContain(`>${r.line}<`);
    expect(html).toContain('Tabellenfehler (#WERT!)');
    expect(await count()).toBe(0);

    const uploadId = parse(html).querySelector('input[name="upload"]')!.getAttribute('value')!;
    const done = await coordinator.post(`${base}/import/confirm`, { upload: uploadId });
    expect(done.status).toBe(200);
    expect(counts(await done.text())).toMatchObject({ 'Angebote angelegt': String(read.records.length) });
    expect(await count()).toBe(read.records.length);
    // The file is gone once imported: confirming again asks for it.
    const again = await coordinator.post(
      `${base}/import/confirm`,
      { upload: uploadId },
      { csrfFrom: `${base}/import` },
    );
    expect(again.status).toBe(422);
  }, 120_000);

  it('a changed file: one new, one updated, the rest unchanged', async () => {
    expect(original.split('030 66633488')).toHaveLength(2);
    const u25 = original.split(/\r?\n/).find((l) => l.includes('030 66633488'))!;
    const added = u25.replace(
      ';180;[U25] Online Suizidprävention - Reines Onlineangebot;',
      ';T-1;Neue Beratungsstelle am Kiez;',
    );
    const changed = `${original.replace('030 66633488', '030 66633499').replace(/\r?\n$/, '')}\r\n${added}\r\n`;
    const coordinator = await agentOf(fx.users.coordinator.id);
    const html = await (await upload(coordinator, changed)).text();
    expect(counts(html)).toMatchObject({
      'Neue Angebote': '1',
      'Angebote, die geändert werden': '1',
      'Unverändert (wie gespeichert)': String(read.records.length - 1),
    });
    expect(html).toContain('Neue Beratungsstelle am Kiez');
  }, 120_000);

  it('refuses a file that is not the directory, naming the missing columns', async () => {
    const coordinator = await agentOf(fx.users.coordinator.id);
    const res = await upload(coordinator, 'Name;Adresse\nBeratung;Hauptstraße 1\n', 'andere.csv');
    expect(res.status).toBe(422);
    const page = parse(await res.text());
    expect(page.querySelector('#file')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('.q-error-summary')?.text).toContain('ID, Einrichtung');
  });
});

describe('quartier directory import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quartier-help-'));

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
    const program = new Command('quartier')
      .exitOverride()
      .configureOutput({ writeErr: (s) => err.push(s.trim()), writeOut: () => {} });
    registerHelpCli(program, (fn) => fn(ctx.services));
    const before = process.exitCode;
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: process.exitCode ?? 0, out, err };
    } catch (e) {
      if (e instanceof CommanderError) return { code: e.exitCode, out, err };
      throw e;
    } finally {
      process.exitCode = before;
      vi.restoreAllMocks();
    }
  }

  it('imports into a tenant, reports refusals, and creates nothing new on a second run', async () => {
    const other = await helpFixture(ctx);
    const file = join(dir, 'services.csv');
    writeFileSync(file, readFileSync(BERLIN.services));
    const dry = await cli('directory', 'import', '--tenant', other.tenant.slug, '--file', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toContain(`${read.records.length} created`);
    expect(dry.out[0]).toContain('dry run');
    expect(await listServices(other.actors.admin, ctx.services.db)).toHaveLength(0);

    const first = await cli('directory', 'import', '--tenant', other.tenant.slug, '--file', file);
    expect(first.out[0]).toContain(`${read.records.length} created, 0 updated, 0 unchanged`);
    expect(first.out[0]).toContain(`${read.rejected.length} rejected`);
    expect(first.out.slice(1).join('\n')).toContain(`line ${read.rejected[0].line}`);
    expect(await listServices(other.actors.admin, ctx.services.db)).toHaveLength(read.records.length);

    const second = await cli('directory', 'import', '--tenant', other.tenant.slug, '--file', file);
    expect(second.out[0]).toContain(`0 created, 0 updated, ${read.records.length} unchanged`);

    const wrong = join(dir, 'other.csv');
    writeFileSync(wrong, 'Name;Adresse\nBeratung;Hauptstraße 1\n');
    const refused = await cli('directory', 'import', '--tenant', other.tenant.slug, '--file', wrong);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toContain('ID, Einrichtung');
    await expect(cli('directory', 'import', '--tenant', 'nope', '--file', file)).rejects.toMatchObject({
      status: 404,
    });
  }, 180_000);
});
