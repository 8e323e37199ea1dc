/**
 * A tenant backup carries the tenant's uploaded files: a room photo and a meeting's result document,
 * uploaded through the staff screens, are served with the same bytes after a restore into a fresh
 * database with an empty file store (another server), after a restore as a copy on the same server
 * (which keeps working when the original's file is deleted), and a damaged file in the backup is
 * refused without leaving anything behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupPlan } from '../src/cli.ts';
import { eventsFixture, publishEvent } from '../src/modules/events/test/fixtures.ts';
import { fixture, makeHouse, postUpload } from '../src/modules/houses/test-helpers.ts';
import { backupTenant, getTenantBySlug, restoreTenant } from '../src/modules/tenancy/index.ts';
import { newId } from '../src/platform/db/index.ts';
import { deleteFile, listStoredFiles, saveFile } from '../src/platform/files/index.ts';
import { createTestContext, type TestContext } from '../src/test/kit.ts';

const plan = backupPlan();
const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let dir: string;
let source: TestContext;
let slug: string;
let tenantId: string;
let file: string;
/** Public paths (after the tenant slug) of the uploaded files, and their bytes as served. */
let photoPath: string;
let documentPath: string;
let photoBytes: Uint8Array;

const bytesOf = async (ctx: TestContext, path: string) => {
  const res = await ctx.app.request(path);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quartier-backup-files-'));
  source = await createTestContext({ config: { storageDir: join(dir, 'store-source') } });
  const fx = await eventsFixture(source);
  slug = fx.tenant.slug;
  tenantId = fx.tenant.id;
  const admin = await fx.agent(fx.admin.id);

  // A room photo, through the houses screen.
  const { house, hall } = await makeHouse(source.services, tenantId, { slug: 'haus' });
  const rooms = `/staff/${slug}/houses/${house.id}/rooms/${hall.id}`;
  const uploaded = await postUpload(admin, `${rooms}/photos`, {
    csrfFrom: `${rooms}/edit`,
    fields: { alt: 'Saal' },
    file: { name: 'saal.png', type: 'image/png', bytes: fixture('room.png') },
  });
  expect(uploaded.status).toBe(303);
  const page = await (await source.app.request(`/${slug}/houses/haus`)).text();
  photoPath = /src="\/[^/]+(\/houses\/photos\/[0-9a-f-]{36})"/.exec(page)![1];

  // A result document of a forum, through the events screen.
  const e = await publishEvent(source.services, tenantId, { kind: 'forum', title: 'Forum', areaId: fx.qmA });
  const results = `/staff/${slug}/events/${e.id}/results`;
  await admin.post(results, { results: 'Beschlüsse', publish: 'on' }, { csrfFrom: results });
  await admin.get(results);
  const body = new FormData();
  body.append('_csrf', admin.csrfToken()!);
  body.append('title', 'Protokoll');
  body.append('file', new File([PDF], 'protokoll.pdf', { type: 'application/pdf' }));
  expect((await admin.request(`${results}/files`, { method: 'POST', body })).status).toBe(302);
  const eventPage = await (await source.app.request(`/${slug}/events/${e.id}`)).text();
  documentPath = /href="\/[^/]+(\/events\/files\/[0-9a-f-]{36})"/.exec(eventPage)![1];

  const photo = await bytesOf(source, `/${slug}${photoPath}`);
  expect(photo.status).toBe(200);
  photoBytes = photo.bytes;
  const doc = await bytesOf(source, `/${slug}${documentPath}`);
  expect([doc.status, doc.bytes]).toEqual([200, PDF]);

  file = join(dir, 'tenant.qbak.gz');
  const written = await backupTenant(source.services.database, {
    slug,
    file,
    plan,
    appVersion: 'test',
    storageDir: source.services.config.storageDir,
  });
  expect(written.files.count).toBe(2);
});
afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tenant backups include the uploaded files', () => {
  it('restores onto another server (fresh database, empty file store) with every file served byte for byte', async () => {
    const storageDir = join(dir, 'store-other-server');
    const other = await createTestContext({ config: { storageDir }, fresh: true });
    try {
      const r = await restoreTenant(other.services.database, { file, plan, storageDir });
      expect(r.files).toEqual({ count: 2, bytes: photoBytes.length + PDF.length });
      expect(await bytesOf(other, `/${slug}${photoPath}`)).toEqual({ status: 200, bytes: photoBytes });
      expect(await bytesOf(other, `/${slug}${documentPath}`)).toEqual({ status: 200, bytes: PDF });
      // The staging folder is gone; only the tenant's folder holds files.
      expect(readdirSync(storageDir)).toEqual([r.tenantId]);

      // --replace: the backup's files again, and a file the replaced tenant had beyond them is gone.
      const extra = newId();
      await saveFile(storageDir, r.tenantId, extra, PDF);
      await restoreTenant(other.services.database, { file, plan, storageDir, replace: true });
      const kept = await listStoredFiles(storageDir, r.tenantId);
      expect(kept).toHaveLength(2);
      expect(kept).not.toContain(extra);
      expect(await bytesOf(other, `/${slug}${photoPath}`)).toEqual({ status: 200, bytes: photoBytes });

      // And as a copy on that server too.
      const copy = await restoreTenant(other.services.database, {
        file,
        plan,
        storageDir,
        as: `${slug}-kopie`,
      });
      expect(await bytesOf(other, `/${slug}-kopie${photoPath}`)).toEqual({ status: 200, bytes: photoBytes });
      expect(await bytesOf(other, `/${slug}-kopie${documentPath}`)).toEqual({ status: 200, bytes: PDF });
      expect((await listStoredFiles(storageDir, copy.tenantId)).length).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('restores --as a copy on the same server with files of its own, which stay when the original deletes its file', async () => {
    const storageDir = source.services.config.storageDir;
    const copy = await restoreTenant(source.services.database, {
      file,
      plan,
      storageDir,
      as: `${slug}-zwei`,
    });
    expect(copy.tenantId).not.toBe(tenantId);
    expect(await bytesOf(source, `/${slug}-zwei${photoPath}`)).toEqual({ status: 200, bytes: photoBytes });
    expect(await bytesOf(source, `/${slug}-zwei${documentPath}`)).toEqual({ status: 200, bytes: PDF });
    // The photo's stored file (the result document's file id is the one in its address).
    const documentId = documentPath.split('/').at(-1);
    const photoFile = (await listStoredFiles(storageDir, tenantId)).find((id) => id !== documentId)!;
    await deleteFile(storageDir, tenantId, photoFile);
    expect((await bytesOf(source, `/${slug}${photoPath}`)).status).toBe(404);
    expect(await bytesOf(source, `/${slug}-zwei${photoPath}`)).toEqual({ status: 200, bytes: photoBytes });
  });

  it('refuses a backup whose file was damaged, and leaves neither the tenant nor any file behind', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"f":'));
    const entry = JSON.parse(lines[i]);
    const flipped = Buffer.from(entry.b, 'base64');
    flipped[flipped.length - 1] ^= 0xff;
    lines[i] = JSON.stringify({ ...entry, b: flipped.toString('base64') });
    const damaged = join(dir, 'damaged.qbak.gz');
    writeFileSync(damaged, gzipSync(`${lines.join('\n')}\n`));

    const storageDir = join(dir, 'store-damaged');
    const target = await createTestContext({ config: { storageDir }, fresh: true });
    try {
      await expect(
        restoreTenant(target.services.database, { file: damaged, plan, storageDir }),
      ).rejects.toThrow(/Damaged file/);
      expect(await getTenantBySlug(target.services.db, slug)).toBeUndefined();
      expect(readdirSync(storageDir)).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
