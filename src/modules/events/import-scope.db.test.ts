/**
 * Import sources belong to an area, like events: a coordinator of one area sees, changes and runs
 * only the sources of their area and cannot point a source — and so its published events — at
 * another area's public calendar. Checked at the use cases and over HTTP.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { principalFor } from '../access/index.ts';
import { events } from './db/schema.ts';
import { createSource, getSource, type Source, type SourceInput } from './import/run.ts';
import { eventsFixture } from './test/fixtures.ts';
import {
  createImportSource,
  deleteImportSource,
  importAreaChoices,
  importSourceFor,
  listImportSourcesFor,
  runImportFor,
  updateImportSource,
} from './use-cases/manage.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let coordA: { id: string };
let asCoordA: Actor;
let asAdmin: Actor;
let srcA: Source;
let srcB: Source;
let srcAll: Source;

const input = (over: Partial<SourceInput> = {}): SourceInput => ({
  name: 'Partner',
  kind: 'file',
  url: null,
  areaId: fx.qmA,
  categoryIds: [],
  attribution: 'Partner',
  attributionUrl: null,
  publishMode: 'publish',
  intervalMinutes: 60,
  enabled: true,
  ...over,
});

const FEED = new TextEncoder().encode(
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Partner//DE',
    'BEGIN:VEVENT',
    'UID:fest-1@partner.example',
    'DTSTAMP:20300101T000000Z',
    'DTSTART:20300614T160000Z',
    'DTEND:20300614T180000Z',
    'SUMMARY:Hoffest',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n'),
);

async function actorOf(userId: string): Promise<Actor> {
  const principal = (await principalFor(ctx.services.db, fx.tenant.id, userId))!;
  return { principal, policy: ctx.policy, tenantId: fx.tenant.id, userId };
}

async function refusal(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).status;
  }
  throw new Error('not refused');
}

const importedInto = (sourceId: string) =>
  ctx.services.db
    .select({ areaId: events.areaId, status: events.status })
    .from(events)
    .where(and(eq(events.tenantId, fx.tenant.id), eq(events.importSourceId, sourceId)));

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  coordA = await makeUser(ctx.services, {
    tenantId: fx.tenant.id,
    role: 'coordinator',
    scopeAreaId: fx.qmA,
    name: 'Clara A',
  });
  asCoordA = await actorOf(coordA.id);
  asAdmin = await actorOf(fx.admin.id);
  srcA = await createSource(ctx.services.db, fx.tenant.id, input({ name: 'Quelle A', areaId: fx.qmA }));
  srcB = await createSource(ctx.services.db, fx.tenant.id, input({ name: 'Quelle B', areaId: fx.qmB }));
  srcAll = await createSource(ctx.services.db, fx.tenant.id, input({ name: 'Quelle Bezirk', areaId: null }));
});
afterAll(() => ctx.close());

describe('import sources are scoped to areas (use cases)', () => {
  it('an area coordinator lists, opens and chooses only their areas; the administrator everything', async () => {
    expect((await listImportSourcesFor(asCoordA, ctx.services.db)).map((s) => s.name)).toEqual(['Quelle A']);
    expect((await listImportSourcesFor(asAdmin, ctx.services.db)).map((s) => s.name).sort()).toEqual([
      'Quelle A',
      'Quelle B',
      'Quelle Bezirk',
    ]);
    expect((await importSourceFor(asCoordA, ctx.services.db, srcA.id)).id).toBe(srcA.id);
    expect(await refusal(importSourceFor(asCoordA, ctx.services.db, srcB.id))).toBe(404);
    expect(await refusal(importSourceFor(asCoordA, ctx.services.db, srcAll.id))).toBe(404);
    expect((await importAreaChoices(asCoordA, ctx.services.db)).map((a) => a.name)).toEqual(['Quartier A']);
  });

  it("another area's source cannot be changed, run or deleted by them", async () => {
    const before = await getSource(ctx.services.db, fx.tenant.id, srcB.id);
    expect(
      await refusal(
        updateImportSource(asCoordA, ctx.services, srcB.id, input({ name: 'Gekapert', areaId: fx.qmA })),
      ),
    ).toBe(404);
    expect(
      await refusal(
        runImportFor(asCoordA, ctx.services, srcB.id, { trigger: 'file', bytes: FEED, fileName: 'x.ics' }),
      ),
    ).toBe(404);
    expect(await refusal(deleteImportSource(asCoordA, ctx.services.db, srcB.id))).toBe(404);
    expect(await getSource(ctx.services.db, fx.tenant.id, srcB.id)).toEqual(before);
    expect(await importedInto(srcB.id)).toEqual([]);
  });

  it("their sources cannot publish into another area's calendar or the whole tenant's", async () => {
    expect(await refusal(createImportSource(asCoordA, ctx.services, input({ areaId: fx.qmB })))).toBe(403);
    expect(await refusal(createImportSource(asCoordA, ctx.services, input({ areaId: null })))).toBe(403);
    expect(await refusal(createImportSource(asCoordA, ctx.services, input({ areaId: fx.district.id })))).toBe(
      403,
    );
    expect(
      await refusal(updateImportSource(asCoordA, ctx.services, srcA.id, input({ areaId: fx.qmB }))),
    ).toBe(403);
    expect((await getSource(ctx.services.db, fx.tenant.id, srcA.id))?.areaId).toBe(fx.qmA);
    expect((await listImportSourcesFor(asAdmin, ctx.services.db)).length).toBe(3);

    // In their own area it works, and the events land there.
    const run = await runImportFor(asCoordA, ctx.services, srcA.id, {
      trigger: 'file',
      bytes: FEED,
      fileName: 'a.ics',
    });
    expect(run.created).toBe(1);
    expect(await importedInto(srcA.id)).toEqual([{ areaId: fx.qmA, status: 'published' }]);
  });
});

describe('import sources are scoped to areas (staff screens)', () => {
  it("an area coordinator gets 404 for another area's source on every screen", async () => {
    const a = await fx.agent(coordA.id);
    const base = `/staff/${fx.tenant.slug}/events/sources`;
    const list = await (await a.get(base)).text();
    expect(list).toContain('Quelle A');
    expect(list).not.toContain('Quelle B');
    expect(list).not.toContain('Quelle Bezirk');
    expect((await a.get(`${base}/${srcB.id}`)).status).toBe(404);
    expect((await a.get(`${base}/${srcAll.id}`)).status).toBe(404);
    for (const path of ['', '/run', '/delete'])
      expect(
        (
          await a.post(
            `${base}/${srcB.id}${path}`,
            { name: 'Gekapert', kind: 'file', areaId: fx.qmA },
            { csrfFrom: `${base}/${srcA.id}` },
          )
        ).status,
        path,
      ).toBe(404);
    expect((await getSource(ctx.services.db, fx.tenant.id, srcB.id))?.name).toBe('Quelle B');
  });

  it('the form offers only their areas and refuses another area with a field message, keeping what was typed', async () => {
    const a = await fx.agent(coordA.id);
    const base = `/staff/${fx.tenant.slug}/events/sources`;
    const page = await (await a.get(`${base}/new`)).text();
    const choices = /<select[^>]*name="areaId"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
    expect(choices).toContain(`value="${fx.qmA}"`);
    expect(choices).not.toContain(`value="${fx.qmB}"`);
    expect(choices).not.toContain(`value="${fx.district.id}"`);
    expect(choices).not.toContain('Kein bestimmtes Gebiet');
    const created = await a.post(`${base}/new`, {
      name: 'Nachbarkalender',
      kind: 'file',
      areaId: fx.qmB,
      publishMode: 'publish',
      intervalMinutes: '60',
    });
    expect(created.status).toBe(422);
    const html = await created.text();
    expect(html).toContain('In dieses Gebiet dürfen Sie nicht importieren');
    expect(html).toContain('value="Nachbarkalender"');
    const noArea = await a.post(`${base}/new`, {
      name: 'Ohne Gebiet',
      kind: 'file',
      areaId: '',
      intervalMinutes: '60',
    });
    expect(noArea.status).toBe(422);
    expect(await noArea.text()).toContain('Bitte wählen Sie das Gebiet');
    const moved = await a.post(`${base}/${srcA.id}`, {
      name: 'Quelle A',
      kind: 'file',
      areaId: fx.qmB,
      publishMode: 'publish',
      intervalMinutes: '60',
    });
    expect(moved.status).toBe(422);
    expect(await moved.text()).toContain('In dieses Gebiet dürfen Sie nicht importieren');
    expect((await getSource(ctx.services.db, fx.tenant.id, srcA.id))?.areaId).toBe(fx.qmA);
    expect((await listImportSourcesFor(asAdmin, ctx.services.db)).map((s) => s.name)).not.toContain(
      'Nachbarkalender',
    );
  });
});
