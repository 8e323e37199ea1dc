/**
 * The staff forms of the help directory over HTTP, without JavaScript: a service with its places and
 * opening hours is created and changed; a refused form names each bad field and keeps everything
 * typed; a department member, the jury and a team member of another area may not change it; life
 * situations are edited by curators only.
 */
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { createService, ensureVocabulary, getService, listServices, listSituations } from '../index.ts';
import { helpFixture, POINT_A } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  base = `/staff/${fx.tenant.slug}/help`;
});
afterAll(() => ctx?.close());

/** A valid form: one place in area A with weekday hours and an exception. */
const validForm = (name: string): Record<string, string | string[]> => ({
  name,
  providerName: 'Diakonie im Kiez',
  description: 'Beratung bei Schulden und Mietschulden',
  topics: ['debt', 'tenancy'],
  targetGroups: 'Familien\nAlleinerziehende',
  languages: 'Deutsch, Türkisch',
  cost: 'free',
  access: 'both',
  channels: ['in_person', 'phone'],
  phone: '030 1234567',
  email: 'beratung@example.org',
  reviewMonths: '6',
  'locations.0.name': 'Stadtteilladen',
  'locations.0.street': 'Koloniestraße',
  'locations.0.houseNumber': '12',
  'locations.0.lat': String(POINT_A.lat),
  'locations.0.lon': String(POINT_A.lon).replace('.', ','),
  'locations.0.stepFree': 'yes',
  'locations.0.accessibility': ['step_free'],
  'locations.0.hours.mode': 'weekly',
  'locations.0.hours.day1': '09:00-12:00, 13:00-16:00',
  'locations.0.hours.day3': '9 bis 12 Uhr',
  'locations.0.hours.exceptions': '2026-12-24 geschlossen | Heiligabend',
  'locations.0.hours.note': 'Dienstags nach Vereinbarung',
  // The empty slot for a further place.
  'locations.1.name': '',
  'locations.1.hours.mode': 'weekly',
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('staff form of a service', () => {
  it('creates a service with a place, weekday hours and an exception, placed in area A', async () => {
    const teamA = await agentOf(fx.users.teamA.id);
    const res = await teamA.post(`${base}/new`, validForm('Schuldnerberatung Wedding'), {
      csrfFrom: `${base}/new`,
    });
    expect(res.status).toBe(303);
    const id = /help\/([0-9a-f-]{36})\/edit/.exec(res.headers.get('location') ?? '')![1];
    const s = await getService(fx.actors.teamA, ctx.services.db, id);
    expect(s).toMatchObject({
      name: 'Schuldnerberatung Wedding',
      providerName: 'Diakonie im Kiez',
      topics: ['debt', 'tenancy'],
      targetGroups: ['Familien', 'Alleinerziehende'],
      languages: ['Deutsch', 'Türkisch'],
      cost: 'free',
      access: 'both',
      channels: ['in_person', 'phone'],
      reviewMonths: 6,
    });
    expect(s.areaIds).toContain(fx.qmA);
    expect(s.locations).toHaveLength(1);
    expect(s.locations[0]).toMatchObject({ areaId: fx.qmA, stepFree: true, lon: POINT_A.lon });
    expect(s.locations[0].hours).toEqual({
      mode: 'weekly',
      intervals: [
        { day: 1, from: '09:00', to: '12:00' },
        { day: 1, from: '13:00', to: '16:00' },
        { day: 3, from: '09:00', to: '12:00' },
      ],
      exceptions: [{ date: '2026-12-24', closed: true, note: 'Heiligabend' }],
      note: 'Dienstags nach Vereinbarung',
    });
    // The edit form shows it again as typed, with a new empty place.
    const page = parse(await (await teamA.get(`${base}/${id}/edit?saved=1`)).text());
    expect(page.querySelector('#locations-0-hours-day1')?.getAttribute('value')).toBe(
      '09:00-12:00, 13:00-16:00',
    );
    expect(page.querySelector('#locations-0-hours-exceptions')?.text).toBe('2026-12-24 closed | Heiligabend');
    expect(page.querySelector('#locations-1-name')?.getAttribute('value') ?? '').toBe('');
    expect(page.querySelector('[role="status"]')).not.toBeNull();
  });

  it('refuses a bad form naming each field, and keeps everything typed', async () => {
    const teamA = await agentOf(fx.users.teamA.id);
    const before = (await listServices(fx.actors.admin, ctx.services.db)).length;
    const res = await teamA.post(
      `${base}/new`,
      {
        ...validForm(''),
        email: 'not an address',
        reviewMonths: '99',
        'locations.0.hours.day2': 'morgens',
        'locations.0.hours.exceptions': '24.12. zu',
        'locations.0.lat': 'north',
      },
      { csrfFrom: `${base}/new` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const page = parse(html);
    const summary = page.querySelectorAll('.q-error-summary a').map((a) => a.getAttribute('href'));
    expect(summary).toEqual(
      expect.arrayContaining([
        '#name',
        '#email',
        '#reviewMonths',
        '#locations-0-hours-day2',
        '#locations-0-hours-exceptions',
        '#locations-0-lat',
      ]),
    );
    for (const id of ['name', 'email', 'reviewMonths', 'locations-0-hours-day2', 'locations-0-lat'])
      expect(page.querySelector(`#${id}`)?.getAttribute('aria-invalid'), id).toBe('true');
    // Nothing lost: what was typed is in the fields.
    expect(page.querySelector('#email')?.getAttribute('value')).toBe('not an address');
    expect(page.querySelector('#locations-0-hours-day2')?.getAttribute('value')).toBe('morgens');
    expect(page.querySelector('#locations-0-hours-day1')?.getAttribute('value')).toBe(
      '09:00-12:00, 13:00-16:00',
    );
    expect(page.querySelector('#locations-0-street')?.getAttribute('value')).toBe('Koloniestraße');
    expect(page.querySelector('#targetGroups')?.text).toBe('Familien\nAlleinerziehende');
    expect(page.querySelector('input[name="topics"][value="debt"]')?.hasAttribute('checked')).toBe(true);
    expect(page.querySelector('input[name="topics"][value="sgb2"]')?.hasAttribute('checked')).toBe(false);
    expect(text(html)).toContain('Bitte geben Sie die Zeiten dieses Tages');
    expect((await listServices(fx.actors.admin, ctx.services.db)).length).toBe(before);
  });

  it('a schema message of a place lands on that place’s field', async () => {
    const teamA = await agentOf(fx.users.teamA.id);
    const res = await teamA.post(
      `${base}/new`,
      { ...validForm('Ort zu lang'), 'locations.0.postcode': '1'.repeat(11) },
      { csrfFrom: `${base}/new` },
    );
    expect(res.status).toBe(422);
    const page = parse(await res.text());
    expect(page.querySelector('#locations-0-postcode')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('.q-error-summary a[href="#locations-0-postcode"]')).not.toBeNull();
  });

  it('changes a service: another place added, the first removed, hours changed', async () => {
    const s = await createService(fx.sys, ctx.services.db, {
      name: 'Familienberatung',
      locations: [{ name: 'Alt', areaId: fx.qmA, hours: { mode: 'unknown' } }],
    });
    const teamA = await agentOf(fx.users.teamA.id);
    const edit = `${base}/${s.id}/edit`;
    const res = await teamA.post(
      edit,
      {
        name: 'Familienberatung Nord',
        'locations.0.name': 'Alt',
        'locations.0.areaId': fx.qmA,
        'locations.0.remove': 'on',
        'locations.1.name': 'Neu',
        'locations.1.areaId': fx.qmA,
        'locations.1.hours.mode': 'always',
      },
      { csrfFrom: edit },
    );
    expect(res.status).toBe(303);
    const after = await getService(fx.actors.admin, ctx.services.db, s.id);
    expect(after.name).toBe('Familienberatung Nord');
    expect(after.locations.map((l) => [l.name, l.hours.mode])).toEqual([['Neu', 'always']]);
    expect(after.reviewedAt).not.toBeNull();
  });

  it('a department member, the jury and team B may not create or change a service of area A', async () => {
    const s = await createService(fx.sys, ctx.services.db, {
      name: 'Suchtberatung',
      locations: [{ areaId: fx.qmA, hours: { mode: 'unknown' } }],
    });
    const edit = `${base}/${s.id}/edit`;
    const admin = await agentOf(fx.users.admin.id);
    const before = (await listServices(fx.actors.admin, ctx.services.db)).length;
    for (const user of [fx.users.department, fx.users.jury, fx.users.teamB]) {
      const agent = await agentOf(user.id);
      // The form token of the member's own session, from the start page they may open.
      await agent.get(`/staff/${fx.tenant.slug}`);
      const csrf = agent.csrfToken();
      expect(csrf).toBeTruthy();
      expect((await agent.get(`${base}/new`)).status).toBe(user === fx.users.teamB ? 200 : 403);
      expect((await agent.get(edit)).status).toBe(403);
      // Team B may create services, but not in area A.
      const created = await agent.post(`${base}/new`, validForm('Nicht erlaubt'), { csrf });
      expect(created.status).toBe(403);
      const changed = await agent.post(edit, { name: 'Übernommen', 'locations.0.areaId': fx.qmA }, { csrf });
      expect(changed.status).toBe(403);
      const archived = await agent.post(`${base}/${s.id}/archive`, { archived: 'yes' }, { csrf });
      expect(archived.status).toBe(403);
    }
    expect((await listServices(fx.actors.admin, ctx.services.db)).length).toBe(before);
    const unchanged = await getService(fx.actors.admin, ctx.services.db, s.id);
    expect(unchanged.name).toBe('Suchtberatung');
    expect(unchanged.archivedAt).toBeNull();
    // The administrator may.
    const ok = await admin.post(`${base}/${s.id}/archive`, { archived: 'yes' }, { csrfFrom: edit });
    expect(ok.status).toBe(303);
  });
});

describe('life situations', () => {
  it('a curator changes the words and topics; a team member may not', async () => {
    await ensureVocabulary(ctx.services.db, fx.tenant.id);
    const [situation] = await listSituations(ctx.services.db, fx.tenant.id);
    const edit = `${base}/situations/${situation.id}/edit`;
    const team = await agentOf(fx.users.teamA.id);
    expect((await team.get(`${base}/situations`)).status).toBe(200);
    const csrf = team.csrfToken();
    expect((await team.get(edit)).status).toBe(403);
    const refused = await team.post(edit, { label: 'X', terms: 'x', topics: ['debt'] }, { csrf });
    expect(refused.status).toBe(403);

    const coordinator = await agentOf(fx.users.coordinator.id);
    const bad = await coordinator.post(
      edit,
      { label: '', terms: 'Miete\nRäumung', topics: ['debt'] },
      { csrfFrom: edit },
    );
    expect(bad.status).toBe(422);
    const page = parse(await bad.text());
    expect(page.querySelector('#label')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#terms')?.text).toBe('Miete\nRäumung');

    const ok = await coordinator.post(
      edit,
      {
        label: 'Ich habe Mietschulden',
        terms: 'Mietschulden\nRäumung, Zwangsräumung',
        topics: ['debt', 'tenancy'],
      },
      { csrfFrom: edit },
    );
    expect(ok.status).toBe(303);
    const after = (await listSituations(ctx.services.db, fx.tenant.id)).find((s) => s.id === situation.id)!;
    expect(after).toMatchObject({
      label: 'Ich habe Mietschulden',
      terms: ['Mietschulden', 'Räumung', 'Zwangsräumung'],
      topicKeys: ['debt', 'tenancy'],
    });
  });
});
