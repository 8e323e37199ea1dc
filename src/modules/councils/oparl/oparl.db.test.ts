/**
 * The OParl 1.1 API over HTTP: a crawl from the System entry point follows every address the API
 * gives and validates every object it meets (lists, their entries and embedded objects) against the
 * official OParl 1.1 JSON schemas (test/fixtures/oparl-1.1, validated with Ajv); every object type
 * must occur. The crawl's whole output never holds what is not public: a closed body, a closed
 * meeting, a closed agenda item with its paper and vote, the name of a member who did not consent,
 * anyone's e-mail address. Lists page and filter as the spec says; vote counts come in the extension
 * `quartier:votes`; another tenant's ids under this tenant's Body are 404.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../../test/fixtures.ts';
import { newId } from '../../../platform/db/index.ts';
import { createTestContext, type TestContext } from '../../../test/kit.ts';
import { votes } from '../db/schema.ts';
import {
  addAgendaItem,
  addItemFile,
  removeAgendaItem,
  removeItemFile,
  scheduleMeeting,
  updateAgendaItem,
  updateBody,
} from '../index.ts';
import { listAgendaItems } from '../queries.ts';
import { publicCouncilsFixture, SECRETS } from '../testing/public-fixture.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field below
type Answer = Record<string, any>;

const SCHEMA_DIR = fixture('oparl-1.1', 'schema');
const TYPE_PREFIX = 'https://schema.oparl.org/1.1/';
const ALL_TYPES = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
];

/** Ajv with the OParl schemas: `schema` validates an embedded object against the named schema. */
function oparlValidators(): Map<string, ValidateFunction> {
  // The schemas' patterns are written for ECMAScript regular expressions without the u flag (`\:`).
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is CommonJS: its default export is the module object under NodeNext.
  const plugin = formatsPlugin as unknown as { default?: (a: Ajv) => Ajv } & ((a: Ajv) => Ajv);
  const addFormats = plugin.default ?? plugin;
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  // The spec's own annotations: references between objects, no validation of their own.
  for (const keyword of ['references', 'backreference', 'cardinality']) ajv.addKeyword({ keyword });
  ajv.addKeyword({
    keyword: 'schema',
    // On a string (the address of a list) it names what the list holds: nothing to check here.
    type: 'object',
    errors: true,
    validate: function embedded(name: string, data: unknown) {
      const v = validators.get(name.replace(/\.json$/, ''));
      if (!v) throw new Error(`no schema ${name}`);
      const ok = v(data) as boolean;
      (embedded as unknown as { errors: unknown }).errors = v.errors;
      return ok;
    },
  });
  for (const f of readdirSync(SCHEMA_DIR).filter((x) => x.endsWith('.json')))
    validators.set(
      f.replace(/\.json$/, ''),
      ajv.compile(JSON.parse(readFileSync(`${SCHEMA_DIR}/${f}`, 'utf8'))),
    );
  return validators;
}

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof publicCouncilsFixture>>['fx'];
let base: string;
let ids: Record<string, string>;
let present: string[];
const validators = oparlValidators();

const get = (path: string) => ctx.app.request(path.startsWith('http') ? path.slice(base.length) : path);
async function json(path: string, status = 200) {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  return (await res.json()) as Answer;
}

beforeAll(async () => {
  // A public address: the format `url` (ajv-formats) does not take `localhost`.
  ctx = await createTestContext({ config: { baseUrl: 'https://quartier.example.org' } });
  base = ctx.services.config.baseUrl;
  ({ fx, ids, present } = await publicCouncilsFixture(ctx));
});
afterAll(() => ctx?.close());

interface Crawl {
  output: string;
  objects: Answer[];
  requests: number;
}

/** Follows every address of the API from the System, as a harvesting client would. */
async function crawl(start: string): Promise<Crawl> {
  const seen = new Set<string>([start]);
  const queue = [start];
  const out: string[] = [];
  const objects: Answer[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      const url = v.split('#')[0];
      if (url.startsWith(`${base}/oparl/`) && !seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith(TYPE_PREFIX)) objects.push(o);
      Object.values(o).forEach(visit);
    }
  };
  while (queue.length) {
    const url = queue.shift()!;
    const res = await get(url);
    const text = await res.text();
    out.push(text);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('access-control-allow-origin'), url).toBe('*');
    if (url.endsWith('/content')) continue;
    visit(JSON.parse(text));
    expect(seen.size, 'the crawl stays small').toBeLessThan(3000);
  }
  return { output: out.join('\n'), objects, requests: seen.size };
}

describe('OParl 1.1 API', () => {
  let result: Crawl;
  beforeAll(async () => {
    result = await crawl(`${base}/oparl/v1.1/system`);
  }, 120_000);

  it('answers every object type, each valid against the official OParl 1.1 schema', () => {
    const failures: string[] = [];
    const types = new Set<string>();
    for (const o of result.objects) {
      const name = String(o.type).slice(TYPE_PREFIX.length);
      const id = String(o.id);
      types.add(name);
      const validate = validators.get(name);
      if (!validate) failures.push(`${id}: unknown type ${name}`);
      else if (!validate(o)) failures.push(`${id}: ${JSON.stringify(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    expect([...types].sort()).toEqual([...ALL_TYPES].sort());
    expect(result.objects.length).toBeGreaterThan(100);
  });

  it('the validator is not a rubber stamp: it refuses a broken object of each kind', () => {
    const broken = [
      { id: 'not a url', type: `${TYPE_PREFIX}Meeting` },
      { id: `${base}/x`, type: `${TYPE_PREFIX}AgendaItem` }, // no order
      { id: `${base}/x`, type: `${TYPE_PREFIX}File` }, // no accessUrl
      { id: `${base}/x`, type: `${TYPE_PREFIX}Meeting`, start: 'Dienstag' },
      { id: `${base}/x`, type: `${TYPE_PREFIX}Meeting`, location: { id: `${base}/l` } }, // embedded without type
    ];
    for (const o of broken)
      expect(validators.get(String(o.type).slice(TYPE_PREFIX.length))!(o), o.id).toBe(false);
  });

  it('never gives out what is not public: closed bodies, meetings, items, unconsented names, contact data', () => {
    const out = result.output;
    for (const secret of [...SECRETS, ids.closedBody, ids.closedMeeting, ids.closedItem])
      expect(out, secret).not.toContain(secret);
    // What is public is there: the consenting resident, the organisation, the resolution.
    expect(out).toContain('Rosa Offen');
    expect(out).toContain('Kita Sonnenschein');
    expect(out).toContain('Beschluss Spielplatz');
    expect(out).toContain('Nachbarschaftshaus Nord');
  });

  it('shows a member who did not consent by what they are, never by name', async () => {
    const p = await json(`/oparl/v1.1/body/${fx.tenant.slug}/person/${ids.karl}`);
    expect(p.name).toBe('Bewohner*in');
    expect(p['quartier:namePublished']).toBe(false);
    expect(JSON.stringify(p)).not.toMatch(/Karl|karl@/);
    const r = await json(`/oparl/v1.1/body/${fx.tenant.slug}/person/${ids.rosa}`);
    expect(r.name).toBe('Rosa Offen');
    expect(r.membership[0].organization).toBe(
      `${base}/oparl/v1.1/body/${fx.tenant.slug}/organization/${ids.body}`,
    );
  });

  it('carries the vote counts in the extension quartier:votes', async () => {
    const item = await json(`/oparl/v1.1/body/${fx.tenant.slug}/agendaitem/${ids.item}`);
    expect(item.result).toBe('angenommen');
    expect(item.resolutionText).toBe('Beschluss Spielplatz');
    expect(item['quartier:votes']).toEqual([
      expect.objectContaining({ yes: 3, no: 1, abstain: 1, entitled: 5, result: 'accepted' }),
    ]);
    const meeting = await json(`/oparl/v1.1/body/${fx.tenant.slug}/meeting/${ids.meeting}`);
    expect(meeting.agendaItem.map((i: { name: string }) => i.name)).toEqual(['Spielplatz an der Panke']);
    expect(meeting.location.streetAddress).toBe('Soldiner Straße 12');
    const text = await get(`/oparl/v1.1/body/${fx.tenant.slug}/file/${ids.item}/content`);
    expect(await text.text()).toBe('Der Rat empfiehlt, den Spielplatz zu erneuern.');
  });

  it('is 404 for what is closed, and for another tenant’s objects under this Body', async () => {
    const a = `/oparl/v1.1/body/${fx.tenant.slug}`;
    for (const path of [
      `${a}/organization/${ids.closedBody}`,
      `${a}/organization/${ids.closedBody}/meetings`,
      `${a}/meeting/${ids.closedMeeting}`,
      `${a}/meeting/${ids.closedBodyMeeting}`,
      `${a}/person/${ids.closedBodyMember}`,
      `${a}/membership/${ids.closedBodyMember}`,
      `${a}/agendaitem/${ids.closedItem}`,
      `${a}/agendaitem/${ids.itemOfClosedMeeting}`,
      `${a}/paper/${ids.closedItem}`,
      `${a}/consultation/${ids.closedItem}`,
      `${a}/file/${ids.closedItem}`,
      `${a}/file/${ids.closedItem}/content`,
      `${a}/organization/${ids.otherBody}`,
      `${a}/meeting/${ids.otherMeeting}`,
      `${a}/person/${ids.otherMember}`,
      `${a}/meeting/not-a-uuid`,
      `${a}/legislativeterm/1999`,
      `${a}/location/${ids.otherBody}`,
      '/oparl/v1.1/body/no-such-tenant',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toMatch(/Personalsache|Interna|MANDANT-B-Sitzung|Geheim/);
    }
    // The same objects under their own Body are there.
    const b = `/oparl/v1.1/body/${ids.otherSlug}`;
    expect((await get(`${b}/meeting/${ids.otherMeeting}`)).status).toBe(200);
    expect((await get(`${b}/organization/${ids.otherBody}`)).status).toBe(200);
  });

  it('pages lists as the spec says and keeps the filters in the links', async () => {
    const url = `${base}/oparl/v1.1/body/${fx.tenant.slug}/organization/${ids.body}/meetings`;
    const first = await json(`${url}?limit=2`);
    expect(first.pagination).toEqual({ totalElements: 5, elementsPerPage: 2, currentPage: 1, totalPages: 3 });
    expect(first.links.first).toBe(`${url}?limit=2`);
    expect(first.links.last).toBe(`${url}?limit=2&page=3`);
    expect(first.links.prev).toBeUndefined();
    const got: string[] = [];
    let page: Answer | null = first;
    while (page) {
      got.push(...page.data.map((m: { id: string }) => m.id));
      page = page.links.next ? await json(page.links.next) : null;
    }
    expect(got).toHaveLength(5);
    expect(new Set(got).size).toBe(5);
    expect(got.filter((id) => id.includes(ids.closedMeeting))).toEqual([]);
    // Filters: nothing changed in the future; everything was created before now; kept in links.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const none = await json(`${url}?modified_since=${encodeURIComponent(later)}`);
    expect(none.pagination.totalElements).toBe(0);
    const since = '2000-01-01T00:00:00+01:00';
    const all = await json(`${url}?created_since=${encodeURIComponent(since)}&limit=4`);
    expect(all.pagination.totalElements).toBe(5);
    expect(all.links.next).toBe(`${url}?created_since=${encodeURIComponent(since)}&limit=4&page=2`);
    // An unencoded '+' of the offset arrives as a space: still understood.
    const plus = await json(`${url}?created_since=2000-01-01T00:00:00+01:00`);
    expect(plus.pagination.totalElements).toBe(5);
    // The modification of an agenda item (a new vote) shows in its meeting's `modified`.
    const before = new Date();
    await ctx.services.db.insert(votes).values({
      tenantId: fx.tenant.id,
      id: newId(),
      agendaItemId: ids.item,
      kind: 'open',
      yes: 2,
      no: 2,
      abstain: 1,
      entitled: 5,
      presentMemberIds: present,
      quorum: 3,
      result: 'rejected',
    });
    const changed = await json(`${url}?modified_since=${encodeURIComponent(before.toISOString())}`);
    expect(changed.data.map((m: { id: string }) => m.id)).toEqual([expect.stringContaining(ids.meeting)]);
  });

  it('serves uploaded papers as Files of their agenda item and the published minutes as the Meeting’s resultsProtocol', async () => {
    const meeting = await json(`${base}/oparl/v1.1/body/${fx.tenant.slug}/meeting/${ids.meeting}`);
    const item = meeting.agendaItem.find((i: Answer) => i.id.endsWith(ids.item));
    expect(item.auxiliaryFile.map((f: Answer) => f.name)).toEqual(['Lageplan Spielplatz.pdf']);
    const fileUrl = `${base}/oparl/v1.1/body/${fx.tenant.slug}/file/${ids.file}`;
    const file = await json(fileUrl);
    expect(file).toMatchObject({
      id: fileUrl,
      mimeType: 'application/pdf',
      fileName: 'Lageplan Spielplatz.pdf',
    });
    expect(validators.get('File')!(file), JSON.stringify(validators.get('File')!.errors)).toBe(true);
    const download = await get(file.accessUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    // The closed item's file is neither listed nor served.
    await json(`${base}/oparl/v1.1/body/${fx.tenant.slug}/file/${ids.closedFile}`, 404);
    expect((await get(`${base}/${fx.tenant.slug}/councils/files/${ids.closedFile}`)).status).toBe(404);
    const files = await json(`${base}/oparl/v1.1/body/${fx.tenant.slug}/files?limit=100`);
    expect(files.data.map((f: Answer) => f.id)).toContain(fileUrl);
    expect(JSON.stringify(files)).not.toContain(ids.closedFile);

    const protocol = meeting.resultsProtocol;
    expect(protocol.mimeType).toBe('application/pdf');
    expect(await json(protocol.id)).toMatchObject({ id: protocol.id, accessUrl: protocol.accessUrl });
    const pdf = await get(protocol.accessUrl);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // A meeting without published minutes has none.
    await json(`${base}/oparl/v1.1/body/${fx.tenant.slug}/meeting/${ids.closedMeeting}/resultsprotocol`, 404);
  });

  it('keeps what is no longer public as deleted: true, in its lists with modified_since and at its address', async () => {
    const db = ctx.services.db;
    const services = ctx.services;
    const api = `${base}/oparl/v1.1/body/${fx.tenant.slug}`;
    const since = new Date(Date.now() - 1000).toISOString();
    const { body } = await fx.body({ name: 'Rat Wechsel', kind: 'quartiersrat', public: true }, 2);
    const meeting = (
      await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(5), title: 'Wechselsitzung' })
    ).meetings[0];
    await addAgendaItem(fx.sys, db, meeting.id, {
      title: 'Wird geschlossen',
      kind: 'decision',
      text: 'Vorlage',
    });
    await addAgendaItem(fx.sys, db, meeting.id, { title: 'Wird entfernt', kind: 'discussion' });
    const [closing, removing] = await listAgendaItems(db, fx.tenant.id, meeting.id);
    const file = await addItemFile(fx.sys, services, removing.id, {
      file: new File([new TextEncoder().encode('%PDF-1.4\n')], 'weg.pdf'),
    });
    expect((await json(`${api}/agendaitem/${closing.id}`)).deleted).toBeUndefined();

    // Made closed: the item, its paper, consultation and text file are deleted objects.
    await updateAgendaItem(fx.sys, db, closing.id, {
      title: 'Wird geschlossen',
      kind: 'decision',
      public: false,
      text: 'Vorlage',
    });
    const item = await json(`${api}/agendaitem/${closing.id}`);
    expect(item).toMatchObject({ id: `${api}/agendaitem/${closing.id}`, deleted: true });
    expect(item.name).toBeUndefined();
    expect(validators.get('AgendaItem')!(item), JSON.stringify(validators.get('AgendaItem')!.errors)).toBe(
      true,
    );
    for (const word of ['paper', 'consultation', 'file'])
      expect((await json(`${api}/${word}/${closing.id}`)).deleted, word).toBe(true);
    const papers = await json(`${api}/papers?modified_since=${encodeURIComponent(since)}`);
    expect(papers.data.find((p: Answer) => p.id === `${api}/paper/${closing.id}`)).toMatchObject({
      deleted: true,
    });
    // A file removed, then the item removed.
    await removeItemFile(fx.sys, services, file.id);
    const goneFile = await json(`${api}/file/${file.id}`);
    expect(goneFile.deleted).toBe(true);
    expect(validators.get('File')!(goneFile), JSON.stringify(validators.get('File')!.errors)).toBe(true);
    await removeAgendaItem(fx.sys, db, removing.id);
    const items = await json(`${api}/agendaitems?modified_since=${encodeURIComponent(since)}`);
    expect(
      items.data
        .filter((i: Answer) => i.deleted)
        .map((i: Answer) => i.id)
        .sort(),
    ).toEqual([`${api}/agendaitem/${closing.id}`, `${api}/agendaitem/${removing.id}`].sort());
    for (const i of items.data)
      expect(validators.get('AgendaItem')!(i), JSON.stringify(validators.get('AgendaItem')!.errors)).toBe(
        true,
      );
    // Public again: the item is back, not deleted.
    await updateAgendaItem(fx.sys, db, closing.id, {
      title: 'Wird geschlossen',
      kind: 'decision',
      public: true,
      text: 'Vorlage',
    });
    expect((await json(`${api}/agendaitem/${closing.id}`)).deleted).toBeUndefined();

    // The body made closed: the organization and its meeting are deleted objects.
    await updateBody(fx.sys, db, body.id, {
      name: 'Rat Wechsel',
      kind: 'quartiersrat',
      areaId: fx.qmA,
      public: false,
    });
    const org = await json(`${api}/organization/${body.id}`);
    expect(org).toMatchObject({ deleted: true });
    expect(org.name).toBeUndefined();
    expect((await json(`${api}/meeting/${meeting.id}`)).deleted).toBe(true);
    const orgs = await json(`${api}/organizations?modified_since=${encodeURIComponent(since)}`);
    expect(orgs.data.find((o: Answer) => o.id === `${api}/organization/${body.id}`)).toMatchObject({
      deleted: true,
    });
    expect(JSON.stringify(orgs)).not.toContain('Rat Wechsel');
    // Something never public is still 404, not a deleted object.
    await json(`${api}/agendaitem/${ids.closedItem}`, 404);
  });

  it('refuses a bad filter with the parameter named, in the caller’s language', async () => {
    const url = `/oparl/v1.1/body/${fx.tenant.slug}/meetings`;
    const bad = await json(`${url}?modified_since=gestern&limit=0`, 400);
    expect(Object.keys(bad.error.fields).sort()).toEqual(['limit', 'modified_since']);
    expect(bad.error.fields.modified_since).toContain('ISO 8601');
    const tr = await json(`${url}?modified_since=2026-13-45&lang=tr`, 400);
    expect(tr.error.fields.modified_since).toContain('Lütfen');
  });
});
