import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, isNotNull } from 'drizzle-orm';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERLIN } from '../../../../test/fixtures.ts';
import { systemActor } from '../../../platform/authz.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { areas } from '../db/schema.ts';
import { loadBerlinDistricts, loadBerlinLor2021 } from '../demo-data/index.ts';
import { importAddresses } from '../use-cases/import-addresses.ts';
import { importLorHierarchy } from '../use-cases/import-lor-hierarchy.ts';
import { upsertAreas } from '../use-cases/upsert-areas.ts';

/** Real Prognoseräume 2021 (an extract, test/fixtures); how many, counted from the file. */
const PGR_FILE = BERLIN.prognoseraeume;
const PGR_COUNT = (JSON.parse(readFileSync(PGR_FILE, 'utf8')) as { features: unknown[] }).features.length;

let ctx: TestContext;
let tenant: { id: string; slug: string };
let admin: Agent;
let team: Agent;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { db } = ctx.services;
  tenant = await makeTenant(ctx.services);
  base = `/staff/${tenant.slug}/areas`;
  await importLorHierarchy(db, tenant.id, await loadBerlinLor2021());
  const districts = await loadBerlinDistricts();
  await upsertAreas(
    db,
    tenant.id,
    'district',
    districts.features.map((f) => ({
      kind: 'district',
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
    })),
  );
  const csv =
    'hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n12,,Soldiner Straße,13359,Gesundbrunnen,Soldiner Straße,01300732\n';
  await importAddresses(systemActor(tenant.id), db, Readable.from([csv]));
  const a = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  const m = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, a.id);
  team = await new Agent(ctx.app).loginAs(ctx.services, m.id);
});
afterAll(() => ctx.close());

const uploadDir = () => join(ctx.services.config.storageDir, 'imports');

/** A multipart form post like a browser's (Agent.post sends urlencoded only). */
async function postMultipart(
  agent: Agent,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; content: string },
) {
  const form = new FormData();
  form.append('_csrf', agent.csrfToken() ?? '');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new File([file.content], file.name, { type: 'application/geo+json' }));
  else form.append('file', new File([], '', { type: 'application/octet-stream' }));
  return agent.request(path, { method: 'POST', body: form });
}

/** The hidden fields of the form posting to `action`, as a browser would send them. */
function hiddenFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    if (m[1] !== '_csrf') out[m[1]] = m[2]; // Agent.post adds the token itself
  }
  return out;
}

const countKind = async (kind: 'prognoseraum' | 'free') =>
  (
    await ctx.services.db
      .select({ id: areas.id })
      .from(areas)
      .where(and(eq(areas.tenantId, tenant.id), eq(areas.kind, kind)))
  ).length;

const withBoundary = async (kind: 'prognoseraum') =>
  (
    await ctx.services.db
      .select({ id: areas.id })
      .from(areas)
      .where(and(eq(areas.tenantId, tenant.id), eq(areas.kind, kind), isNotNull(areas.geometry)))
  ).length;

describe('boundary import screens', () => {
  it('uploads, previews and confirms real Prognoseräume', async () => {
    const page = await admin.get(`${base}/import`);
    expect(page.status).toBe(200);
    expect(admin.lastHtml.toLowerCase()).toContain('enctype="multipart/form-data"');
    expect(admin.lastHtml).toContain('Noch keine Importe.');

    const preview = await postMultipart(
      admin,
      `${base}/import`,
      {
        kind: 'prognoseraum',
        keyProperty: 'id',
        nameProperty: 'name',
        parentKind: 'district',
        parentKeyProperty: '',
        sourceCrs: '',
      },
      { name: 'prognoseraeume.geojson', content: readFileSync(PGR_FILE, 'utf8') },
    );
    expect(preview.status).toBe(200);
    const html = admin.lastHtml;
    expect(html).toContain('Vorschau des Imports');
    expect(html).toContain('Alle Flächen können übernommen werden');
    // The LOR hierarchy already holds all 58 Prognoseräume, without boundaries: those in the file get one.
    expect(html).toMatch(/Neu anzulegen<\/dt><dd[^>]*>0</);
    expect(html).toMatch(new RegExp(`Zu ändern</dt><dd[^>]*>${PGR_COUNT}<`));
    expect(html).toMatch(new RegExp(`Übergeordnetes Gebiet gefunden</dt><dd[^>]*>${PGR_COUNT}<`));
    expect(html).toContain('<svg');
    expect(html).toContain('Import bestätigen');
    // Nothing is written before the confirmation.
    expect(await withBoundary('prognoseraum')).toBe(0);
    const fields = hiddenFields(html, `${base}/import/confirm`);
    expect(fields.upload).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(join(uploadDir(), `${fields.upload}.json`))).toBe(true);

    const confirm = await admin.post(`${base}/import/confirm`, fields);
    expect(confirm.status).toBe(303);
    const result = confirm.headers.get('location')!;
    expect(result).toMatch(new RegExp(`^${base}/import/[0-9a-f-]{36}$`));
    expect(existsSync(join(uploadDir(), `${fields.upload}.json`))).toBe(false);
    await admin.get(result);
    expect(admin.lastHtml).toContain('Import abgeschlossen');
    expect(admin.lastHtml).toMatch(new RegExp(`Geändert</dt><dd[^>]*>${PGR_COUNT}<`));
    expect(await withBoundary('prognoseraum')).toBe(PGR_COUNT);

    await admin.get(`${base}/import`);
    expect(admin.lastHtml).toContain('prognoseraeume.geojson');
  });

  it('keeps what was typed and names every problem when the form is incomplete', async () => {
    await admin.get(`${base}/import`);
    const res = await postMultipart(admin, `${base}/import`, {
      kind: '',
      keyProperty: 'PLR_ID',
      nameProperty: '',
      parentKind: '',
      parentKeyProperty: '',
      sourceCrs: '',
    });
    expect(res.status).toBe(422);
    const html = admin.lastHtml;
    expect(html).toContain('Bitte wählen Sie eine Datei aus.');
    expect(html).toContain('href="#kind"');
    expect(html).toContain('href="#nameProperty"');
    expect(html).toContain('value="PLR_ID"');
  });

  it('says when coordinates look projected and lets the user pick the projection without uploading again', async () => {
    const districts = await loadBerlinDistricts();
    const mitte = districts.features.find((f) => f.properties.key === '01')!;
    const utm = (ring: number[][]) =>
      ring.map(([x, y]) => proj4('WGS84', '+proj=utm +zone=33 +ellps=GRS80 +units=m', [x, y]));
    const geometry =
      mitte.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: mitte.geometry.coordinates.map(utm) }
        : { type: 'MultiPolygon', coordinates: mitte.geometry.coordinates.map((p) => p.map(utm)) };
    const content = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { nr: 'M1', name: 'Mitte projiziert' }, geometry }],
    });
    await admin.get(`${base}/import`);
    const options = {
      kind: 'free',
      keyProperty: 'nr',
      nameProperty: 'name',
      parentKind: '',
      parentKeyProperty: '',
      sourceCrs: '',
    };
    await postMultipart(admin, `${base}/import`, options, { name: 'mitte.json', content });
    expect(admin.lastHtml).toContain('Die Datei kann nicht verwendet werden');
    expect(admin.lastHtml).toContain('bitte wählen Sie die Quellprojektion');
    expect(admin.lastHtml).not.toContain('Import bestätigen');
    const upload = /name="upload" value="([0-9a-f-]{36})"/.exec(admin.lastHtml)![1];

    await postMultipart(admin, `${base}/import`, {
      ...options,
      sourceCrs: 'EPSG:25833',
      upload,
      fileName: 'mitte.json',
    });
    expect(admin.lastHtml).toContain('Import bestätigen');
    expect(admin.lastHtml).toContain('EPSG:25833');
    const fields = hiddenFields(admin.lastHtml, `${base}/import/confirm`);
    expect(fields).toMatchObject({ upload, sourceCrs: 'EPSG:25833' });
    expect((await admin.post(`${base}/import/confirm`, fields)).status).toBe(303);
    expect(await countKind('free')).toBe(1);
  });

  it('refuses a forged upload id', async () => {
    await admin.get(`${base}/import`);
    const res = await admin.post(`${base}/import/confirm`, {
      upload: '../../../etc/passwd',
      kind: 'free',
      keyProperty: 'id',
      nameProperty: 'name',
    });
    expect(res.status).toBe(400);
    expect(readdirSync(uploadDir()).every((f) => /^[0-9a-f-]{36}\.json$/.test(f))).toBe(true);
  });

  it('is only for those who may manage areas', async () => {
    expect((await team.get(`${base}/import`)).status).toBe(403);
    await team.get(base);
    expect(team.lastHtml).not.toContain(`${base}/import`);
    await admin.get(base);
    expect(admin.lastHtml).toContain(`${base}/import`);
  });
});

describe('area detail', () => {
  const area = async (kind: 'bezirksregion' | 'district', key: string) =>
    (
      await ctx.services.db
        .select()
        .from(areas)
        .where(and(eq(areas.tenantId, tenant.id), eq(areas.kind, kind), eq(areas.key, key)))
    )[0];

  it('shows an area with parent, children and public links', async () => {
    const bzr = await area('bezirksregion', '013007');
    const res = await team.get(`${base}/${bzr.id}`);
    expect(res.status).toBe(200);
    expect(team.lastHtml).toContain('Osloer Straße');
    expect(team.lastHtml).toContain('Soldiner Straße');
    expect(team.lastHtml).toContain(`/${tenant.slug}/areas/${bzr.slug}`);
    // A team member sees no edit form.
    expect(team.lastHtml).not.toContain(`action="${base}/${bzr.id}"`);
  });

  it('lets an administrator edit name, description and parent, with validation', async () => {
    const bzr = await area('bezirksregion', '013007');
    const wedding = await area('district', '01');
    const pankow = await area('district', '03');
    await admin.get(`${base}/${bzr.id}`);
    expect(admin.lastHtml).toContain(`action="${base}/${bzr.id}"`);
    const bad = await admin.post(`${base}/${bzr.id}`, { name: '  ', description: 'Kiez', parentId: bzr.id });
    expect(bad.status).toBe(422);
    expect(admin.lastHtml).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(admin.lastHtml).toContain('Kiez');
    // Too long: the message states the limit and the text comes back whole, not cut.
    const long = await admin.post(`${base}/${bzr.id}`, {
      name: 'N'.repeat(1500),
      description: `${'D'.repeat(12_000)}Ende`,
      parentId: '',
    });
    expect(long.status).toBe(422);
    expect(admin.lastHtml).toContain('Bitte kürzen Sie den Text auf höchstens 200 Zeichen.');
    expect(admin.lastHtml).toContain('Bitte kürzen Sie den Text auf höchstens 2.000 Zeichen.');
    expect(admin.lastHtml).toContain(`value="${'N'.repeat(1500)}"`);
    expect(admin.lastHtml).toContain(`${'D'.repeat(12_000)}Ende`);

    const ok = await admin.post(`${base}/${bzr.id}`, {
      name: 'Osloer Straße (neu)',
      description: 'Rund um die Osloer',
      parentId: pankow.id,
    });
    expect(ok.status).toBe(303);
    const after = await area('bezirksregion', '013007');
    expect(after).toMatchObject({
      name: 'Osloer Straße (neu)',
      description: 'Rund um die Osloer',
      parentId: pankow.id,
    });
    await admin.get(ok.headers.get('location')!);
    expect(admin.lastHtml).toContain('Gespeichert');
    await admin.post(`${base}/${bzr.id}`, { name: 'Osloer Straße', description: '', parentId: wedding.id });
  });

  it('refuses edits by a team member', async () => {
    const bzr = await area('bezirksregion', '013007');
    await team.get(`${base}/${bzr.id}`);
    const res = await team.post(`${base}/${bzr.id}`, { name: 'Hijack', description: '', parentId: '' });
    expect(res.status).toBe(403);
  });
});

describe('place an address', () => {
  it('shows the Planungsraum and its ancestors', async () => {
    await team.get(`${base}?address=${encodeURIComponent('Soldiner Str. 12, 13359 Berlin')}`);
    const html = team.lastHtml;
    expect(html).toContain('Soldiner Straße 12, 13359 liegt in:');
    for (const name of ['Soldiner Straße', 'Osloer Straße', 'Gesundbrunnen', 'Mitte'])
      expect(html).toContain(name);
    await team.get(`${base}?address=${encodeURIComponent('Nirgendwo 5, 10115 Berlin')}`);
    expect(team.lastHtml).toContain('Adresse nicht gefunden');
  });
});
