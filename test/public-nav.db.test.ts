/**
 * The public main navigation: every module that has public pages adds its entry point through its
 * manifest (`publicNav`), and every tenant page shows the same links — so a resident who lands on the
 * start page finds the events, consultation hours, rooms and the newsletter without knowing URLs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  slug = (await makeTenant(ctx.services)).slug;
});
afterAll(() => ctx.close());

const navLinks = (html: string) => {
  const nav = html.match(/<nav class="q-mainnav"[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => ({
    href: m[1],
    current: !!m[2],
    label: m[3],
  }));
};

describe('public main navigation', () => {
  it('links every module’s public entry point from the start page, and each link works', async () => {
    const a = new Agent(ctx.app);
    const links = navLinks(await (await a.get(`/${slug}`)).text());
    const declared = MODULES.flatMap((m) => m.publicNav ?? []).sort((x, y) => x.order - y.order);
    expect(declared.length).toBeGreaterThanOrEqual(4);
    expect(links.map((l) => l.href)).toEqual(declared.map((d) => `/${slug}${d.path}`));
    expect(links.map((l) => l.label)).toEqual([
      'Veranstaltungen',
      'Sprechstunden',
      'Hilfe finden',
      'Räume',
      'Gremien',
      'Mitmachen',
      'Förderung',
      'Handlungskonzepte',
      'Newsletter',
    ]);
    expect(links.some((l) => l.current)).toBe(false);
    for (const l of links) expect((await a.get(l.href)).status, l.href).toBe(200);
  });

  it('marks the current section and speaks the visitor’s language', async () => {
    const a = new Agent(ctx.app);
    const events = navLinks(await (await a.get(`/${slug}/events`)).text());
    expect(events.filter((l) => l.current).map((l) => l.href)).toEqual([`/${slug}/events`]);
    const tr = navLinks(await (await a.get(`/${slug}/houses?lang=tr`)).text());
    expect(tr.map((l) => l.label)).toEqual([
      'Etkinlikler',
      'Danışma saatleri',
      'Yardım bul',
      'Salonlar',
      'Kurullar',
      'Katılın',
      'Destek',
      'Eylem planları',
      'Bülten',
    ]);
    expect(tr.filter((l) => l.current).map((l) => l.href)).toEqual([`/${slug}/houses`]);
    const ar = await (await a.get(`/${slug}/newsletter?lang=ar`)).text();
    expect(navLinks(ar).map((l) => l.label)).toContain('الفعاليات');
    // The labels live in each module's own namespace, in all five languages (easy German has its own).
    const ls = navLinks(await (await a.get(`/${slug}/events?lang=de-x-ls`)).text());
    expect(ls.map((l) => l.label)).toEqual([
      'Veranstaltungen',
      'Sprech-Stunden',
      'Hilfe finden',
      'Räume mieten',
      'Räte und Gruppen',
      'Mitmachen',
      'Geld für Projekte',
      'Pläne für das Viertel',
      'Newsletter',
    ]);
  });
});
