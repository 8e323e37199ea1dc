import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor, listActors } from './use-cases/actors.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

const org = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'organisation' as const,
  name,
  ...extra,
});

describe('directory search', () => {
  it('finds organisations despite typos (trigram) and by word stems (German full text)', async () => {
    const db = ctx.services.db;
    const t = fx.tenant.id;
    await createActor(
      db,
      t,
      org('Kinder- und Jugendzentrum Weddinger Oase', { fields: ['youth'], areaId: fx.qmA }),
    );
    await createActor(
      db,
      t,
      org('Beratungsstelle für Familien', {
        description: 'Wir beraten Eltern in schwierigen Lagen.',
        fields: ['counselling', 'family'],
        areaId: fx.qmA,
      }),
    );
    await createActor(db, t, org('Schülerclub am Park', { fields: ['education'], areaId: fx.qmA }));
    const names = async (q: string) => (await listActors(db, t, { q, scope: null })).items.map((a) => a.name);
    expect(await names('Jugendzentrum')).toEqual(['Kinder- und Jugendzentrum Weddinger Oase']);
    expect(await names('Jugendzentum')).toEqual(['Kinder- und Jugendzentrum Weddinger Oase']);
    // Stemming: plural and inflected forms find the singular in name and description.
    expect(await names('Beratungsstellen')).toContain('Beratungsstelle für Familien');
    expect(await names('Familie')).toContain('Beratungsstelle für Familien');
    expect(await names('beraten')).toContain('Beratungsstelle für Familien');
    // Without accents and umlauts typed.
    expect(await names('Schulerclub')).toEqual(['Schülerclub am Park']);
    expect(await names('Gartenbauverein')).toEqual([]);
  });

  it('filters by area, field, target group and flag, and the map page lists what the filter finds', async () => {
    const db = ctx.services.db;
    const t = fx.tenant.id;
    // Placed by coordinates: a point in Neukölln lands in the district (point in polygon).
    const m = await createActor(
      db,
      t,
      org('Multiplikatorin Beispiel e. V.', {
        isMultiplier: true,
        targetGroups: ['families'],
        lon: 13.4385,
        lat: 52.4811,
      }),
    );
    expect(m.areaIds).toContain(fx.neukoelln.id);
    expect(m.placedBy).toBe('coordinates');
    const f = await listActors(db, t, { flag: 'multiplier', scope: null });
    expect(f.items.map((a) => a.name)).toEqual(['Multiplikatorin Beispiel e. V.']);
    expect(
      (await listActors(db, t, { areaId: fx.neukoelln.id, scope: null })).items.map((a) => a.name),
    ).toEqual(['Multiplikatorin Beispiel e. V.']);
    expect((await listActors(db, t, { targetGroup: 'families', scope: null })).total).toBe(1);
    expect((await listActors(db, t, { field: 'education', scope: null })).items.map((a) => a.name)).toEqual([
      'Schülerclub am Park',
    ]);

    const admin = await fx.agent(fx.admin.id);
    const res = await admin.get(`${fx.base}/actors?flag=multiplier`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Multiplikatorin Beispiel e. V.');
    expect(html).not.toContain('Schülerclub am Park');
    expect(html).toMatch(/<svg[^>]*role="group"/);
    expect(html).toContain('aria-label="Multiplikatorin Beispiel e. V."');
  });
});

describe('scope', () => {
  it('a team member sees and changes only the actors of their own area', async () => {
    const a = await fx.agent(fx.teamA.id);
    const b = await fx.agent(fx.teamB.id);
    const created = await a.post(
      `${fx.base}/actors`,
      { kind: 'organisation', name: 'Nachbarschaftstreff A', areaId: fx.qmA },
      { csrfFrom: `${fx.base}/actors/new` },
    );
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!.split('?')[0];
    expect((await a.get(url)).status).toBe(200);
    // Team B: not in the list, no detail page, no edit.
    expect(await (await b.get(`${fx.base}/actors?q=Nachbarschaftstreff`)).text()).not.toContain(
      'Nachbarschaftstreff A',
    );
    expect([403, 404]).toContain((await b.get(url)).status);
    expect([403, 404]).toContain(
      (await b.post(url, { kind: 'organisation', name: 'Übernommen' }, { csrfFrom: `${fx.base}/actors` }))
        .status,
    );
    // …and may not place a new record in area A either.
    const res = await b.post(
      `${fx.base}/actors`,
      { kind: 'organisation', name: 'Fremd', areaId: fx.qmA },
      { csrfFrom: `${fx.base}/actors/new` },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Bitte wählen Sie ein Gebiet, für das Sie zuständig sind.');
  });
});

describe('validation', () => {
  it('answers per field in German and keeps what was typed', async () => {
    const a = await fx.agent(fx.admin.id);
    const res = await a.post(
      `${fx.base}/actors`,
      {
        kind: 'organisation',
        name: '',
        email: 'nicht-gültig',
        postcode: '123',
        website: 'ftp://x',
        lat: '52.5',
      },
      { csrfFrom: `${fx.base}/actors/new` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(html).toContain('Eine Postleitzahl hat fünf Ziffern.');
    expect(html).toContain('Bitte geben Sie Breite und Länge zusammen an.');
    expect(html).toContain('value="nicht-gültig"');
    expect(html).toContain('value="123"');
  });

  it('answers in English, and a person needs a legal basis and documented consent', async () => {
    const a = await fx.agent(fx.admin.id);
    const res = await a.post(
      `${fx.base}/actors?lang=en`,
      { kind: 'person', name: 'Erika Muster', legalBasis: 'consent', phone: 'abc' },
      { csrfFrom: `${fx.base}/actors/new?kind=person&lang=en` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Without documented consent the record must not be stored.');
    expect(html).toContain('Please enter a phone number made of digits');
    expect(html).toContain('value="Erika Muster"');
    const noBasis = await a.post(
      `${fx.base}/actors?lang=en`,
      { kind: 'person', name: 'Erika Muster' },
      { csrfFrom: `${fx.base}/actors/new?kind=person&lang=en` },
    );
    expect(await noBasis.text()).toContain('Please fill in this field.');
  });
});

describe('people and the audit log', () => {
  it('logs every read and change of a person record, without personal data in the log', async () => {
    const a = await fx.agent(fx.teamA.id);
    const created = await a.post(
      `${fx.base}/actors`,
      {
        kind: 'person',
        name: 'Hatice Beispiel',
        email: 'hatice@example.org',
        legalBasis: 'consent',
        consentGiven: 'on',
        areaId: fx.qmA,
      },
      { csrfFrom: `${fx.base}/actors/new?kind=person` },
    );
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!.split('?')[0];
    const id = url.split('/').pop()!;
    await a.get(url);
    await a.post(
      url,
      {
        kind: 'person',
        name: 'Hatice Beispiel',
        email: 'hatice.b@example.org',
        legalBasis: 'consent',
        areaId: fx.qmA,
      },
      { csrfFrom: `${url}/edit` },
    );
    await a.post(
      `${url}/contacts`,
      { kind: 'call', date: '2025-01-15', summary: 'Rückruf wegen Nachbarschaftsfest' },
      { csrfFrom: url },
    );
    const log = await listAudit(ctx.services.db, fx.tenant.id, {
      entityType: 'network.person',
      entityId: id,
    });
    const actions = log.map((e) => e.action).sort();
    expect(actions).toEqual(expect.arrayContaining(['create', 'read', 'update']));
    expect(log.filter((e) => e.action === 'read').length).toBeGreaterThanOrEqual(2);
    expect(log.every((e) => e.personal === 'yes' && e.actorUserId === fx.teamA.id)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('Hatice');
  });
});

describe('the contact log', () => {
  it('comes back with every typed value and the problem at its field when one field is wrong', async () => {
    const a = await fx.agent(fx.teamA.id);
    const db = ctx.services.db;
    const orgA = await createActor(db, fx.tenant.id, org('Stadtteilverein Beispiel', { areaId: fx.qmA }));
    const url = `${fx.base}/actors/${orgA.id}`;
    const typed = {
      kind: 'call',
      date: '2025-02-30',
      time: '14:30',
      summary: 'Rückruf wegen Hoffest',
      notes: 'Bitte Bänke mitbringen',
      followUpTitle: 'Bänke klären',
      followUpDue: '',
      followUpAssignee: fx.teamA.id,
    };
    const res = await a.post(`${url}/contacts`, typed, { csrfFrom: url });
    expect(res.status).toBe(422);
    const html = await res.text();
    // Both problems are named and linked to their fields: the impossible date and the missing due date.
    expect(html).toMatch(/href="#contact-date"/);
    expect(html).toMatch(/href="#contact-followUpDue"/);
    expect(html).toContain('aria-invalid="true"');
    for (const v of [
      '2025-02-30',
      '14:30',
      'Rückruf wegen Hoffest',
      'Bitte Bänke mitbringen',
      'Bänke klären',
    ])
      expect(html).toContain(v);
    expect(html).toMatch(/<option[^>]*value="call"[^>]*selected|<option[^>]*selected[^>]*value="call"/);
    // Nothing was stored.
    const page = await (await a.get(url)).text();
    expect(page).not.toContain('Rückruf wegen Hoffest');
  });
});
