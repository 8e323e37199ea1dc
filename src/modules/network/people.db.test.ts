import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { newId, rows } from '../../platform/db/index.ts';
import { queueMail } from '../../platform/mail/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor, listActors } from './use-cases/actors.ts';
import { concernStats } from './use-cases/concerns.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

const NAME = 'Zeynep Löschmich';
const EMAIL = 'zeynep.loeschmich@example.org';
const PHONE = '030 98765432';
const NEEDLES = ['zeynep', 'löschmich', 'loschmich', 'loeschmich', '98765432'];

/** Every text-like column of every table outside the system schemas that contains one of the needles. */
async function traces(): Promise<string[]> {
  const db = ctx.services.db;
  const cols = rows<{ table_schema: string; table_name: string; column_name: string }>(
    await db.execute(sql`
      select c.table_schema, c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema not in ('pg_catalog', 'information_schema')
         and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'tsvector', 'bytea') or c.data_type = 'ARRAY')`),
  );
  expect(cols.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const c of cols) {
    const ident = sql.raw(`"${c.table_schema}"."${c.table_name}"`);
    const col = sql.raw(`"${c.column_name}"`);
    for (const n of NEEDLES) {
      const r = rows<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from ${ident} where lower(${col}::text) like ${`%${n}%`}`,
        ),
      );
      if (Number(r[0].n) > 0) found.push(`${c.table_schema}.${c.table_name}.${c.column_name} ~ ${n}`);
    }
  }
  return found;
}

describe('GDPR: export and erasure of a person', () => {
  it('exports everything stored about the person, then erases it from every table and the search index, keeping anonymous counts', async () => {
    const db = ctx.services.db;
    const a = await fx.agent(fx.admin.id);
    const org = await createActor(db, fx.tenant.id, {
      kind: 'organisation',
      name: 'Mieterbeirat Beispiel',
      areaId: fx.qmA,
    });
    const created = await a.post(
      `${fx.base}/actors`,
      {
        kind: 'person',
        name: NAME,
        email: EMAIL,
        phone: PHONE,
        description: 'Sprecherin des Mieterbeirats',
        legalBasis: 'consent',
        consentGiven: 'on',
        areaId: fx.qmA,
        isMultiplier: 'on',
      },
      { csrfFrom: `${fx.base}/actors/new?kind=person` },
    );
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!.split('?')[0];
    const id = url.split('/').pop()!;
    await a.get(url);
    await a.post(`${url}/relations`, { type: 'member_of', toActorId: org.id }, { csrfFrom: url });
    await a.post(
      `${url}/contacts`,
      {
        kind: 'visit',
        date: '2025-02-03',
        summary: 'Besuch bei Zeynep Löschmich',
        notes: 'Zeynep möchte beim Hoffest helfen.',
        followUpTitle: 'Zeynep Löschmich wegen Hoffest anrufen',
        followUpDue: '2025-02-10',
      },
      { csrfFrom: url },
    );
    await a.post(
      `${url}/contacts`,
      { kind: 'call', date: '2025-02-11', summary: 'Telefonat', notes: 'Rückruf unter 030 98765432' },
      { csrfFrom: url },
    );
    await a.get(`${fx.base}/concerns/new`);
    await a.post(`${fx.base}/concerns`, {
      idempotencyKey: newId(),
      topic: 'housing',
      language: 'de',
      areaId: fx.qmA,
      note: 'Schimmel in der Wohnung von Frau Löschmich',
      contactName: NAME,
      contactEmail: EMAIL,
      contactPhone: '030/98765432',
      legalBasis: 'consent',
      consentGiven: 'on',
    });
    await queueMail(db, {
      tenantId: fx.tenant.id,
      to: EMAIL,
      subject: 'Einladung zum Hoffest',
      text: 'Liebe Frau Löschmich, …',
    });
    expect(
      (await listActors(db, fx.tenant.id, { q: 'Loschmich', scope: null })).items.map((x) => x.id),
    ).toEqual([id]);

    // Export (JSON and readable HTML) with everything about her.
    const json = await a.get(`${url}/export.json`);
    expect(json.status).toBe(200);
    const data = (await json.json()) as {
      person: Record<string, unknown>;
      relations: unknown[];
      contacts: { notes: string }[];
      followUps: { title: string }[];
      concerns: unknown[];
      accessLog: unknown[];
    };
    expect(data.person.name).toBe(NAME);
    expect(data.person.email).toBe(EMAIL);
    expect(data.person.legalBasis).toBe('consent');
    expect(data.person.consentTextVersion).toBeTruthy();
    expect(data.relations).toEqual([{ type: 'member_of', direction: 'out', with: 'Mieterbeirat Beispiel' }]);
    expect(data.contacts.map((c) => c.notes)).toContain('Zeynep möchte beim Hoffest helfen.');
    expect(data.followUps[0].title).toContain('Hoffest');
    expect(data.concerns).toHaveLength(1);
    expect(data.accessLog.length).toBeGreaterThan(0);
    const htmlExport = await (await a.get(`${url}/export.html`)).text();
    expect(htmlExport).toContain(NAME);
    expect(htmlExport).toContain('Zeynep möchte beim Hoffest helfen.');

    expect((await traces()).length).toBeGreaterThan(0);

    // Erasure needs the confirmation.
    expect(
      (await a.post(`${url}/erase`, {}, { csrfFrom: `${url}/erase` })).headers.get('location'),
    ).toContain('/erase');
    const erased = await a.post(`${url}/erase`, { confirm: 'on' }, { csrfFrom: `${url}/erase` });
    expect(erased.status).toBe(303);

    expect(await traces()).toEqual([]);
    // The search index answers nothing, also when the planner must use the GIN index.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const r = rows<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from network_actors where search @@ to_tsquery('simple', 'zeynep')`,
        ),
      );
      expect(Number(r[0].n)).toBe(0);
    });
    expect((await listActors(db, fx.tenant.id, { q: 'Zeynep', scope: null })).total).toBe(0);
    expect((await a.get(url)).status).toBe(404);

    // Anonymous counts stay: the two contacts (kind, date, area) and the concern in the statistics.
    const left = rows<{ kind: string; anonymised: boolean }>(
      await db.execute(
        sql`select kind, anonymised_at is not null as anonymised from network_contacts where tenant_id = ${fx.tenant.id} order by happened_at`,
      ),
    );
    expect(left).toEqual([
      { kind: 'visit', anonymised: true },
      { kind: 'call', anonymised: true },
    ]);
    const stats = await concernStats(db, fx.tenant.id, { scope: null });
    expect(stats.find((s) => s.topic === 'housing')?.count).toBe(1);
    // The organisation is untouched; the erasure itself is logged without personal data.
    expect((await listActors(db, fx.tenant.id, { q: 'Mieterbeirat', scope: null })).total).toBe(1);
    const log = await listAudit(db, fx.tenant.id, { entityId: id });
    expect(log.some((e) => e.action === 'erase')).toBe(true);
  });

  it('flags person records past their retention date and erases them only after confirmation', async () => {
    const db = ctx.services.db;
    const old = await createActor(db, fx.tenant.id, {
      kind: 'person',
      name: 'Karl Abgelaufen',
      legalBasis: 'public_task',
      retentionUntil: '2025-01-01',
      areaId: fx.qmA,
    });
    const a = await fx.agent(fx.admin.id);
    const page = await (await a.get(`${fx.base}/privacy`)).text();
    expect(page).toContain('Karl Abgelaufen');
    const noConfirm = await a.post(
      `${fx.base}/privacy/people/${old.id}/erase`,
      {},
      { csrfFrom: `${fx.base}/privacy` },
    );
    expect(noConfirm.headers.get('location')).toContain('notConfirmed');
    expect((await listActors(db, fx.tenant.id, { q: 'Abgelaufen', scope: null })).total).toBe(1);
    await a.post(
      `${fx.base}/privacy/people/${old.id}/erase`,
      { confirm: 'on' },
      { csrfFrom: `${fx.base}/privacy` },
    );
    expect((await listActors(db, fx.tenant.id, { q: 'Abgelaufen', scope: null })).total).toBe(0);
    // A team member may not erase.
    const t = await fx.agent(fx.teamA.id);
    expect((await t.get(`${fx.base}/privacy`)).status).toBe(403);
  });
});
