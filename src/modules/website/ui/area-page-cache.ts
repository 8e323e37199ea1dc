import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { rows, rowsVersion } from '../../../platform/db/index.ts';
import {
  type CachedBody,
  cachedBody,
  etagMatches,
  hashEtag,
  sendCached,
} from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { publicDatesVersionSql } from '../../../platform/public-dates.ts';
import { areasVersion } from '../../areas/index.ts';
import { plansVersion } from '../../coordination/index.ts';
import { dataVersion } from '../../events/index.ts';
import { housesVersion } from '../../houses/index.ts';
import { consultationHoursVersion } from '../../network/index.ts';
import { profilesVersion } from '../../profiles/index.ts';
import { pages, pageTexts, posts, postTexts } from '../db/schema.ts';

type C = Context<AppEnv>;

/**
 * The public area page, kept rendered like the events' month view: per URL, language, tenant (name
 * and settings), the version of everything the page shows and the minute (it lists what comes next
 * from now). The version is one read: the areas, houses, area profiles (whether the page links to
 * one), action plans (a plan adopted or a new version opened: the page links the adopted one), consultation hours and website content of the tenant in one statement (row counts and newest row versions, platform/db/versions.ts), plus the
 * events' data version, which is remembered for a few seconds and forgotten on every change in this
 * process (events module), and one read per module with public dates (council meetings). So a
 * repeated visit or a conditional request (304) costs those reads, not the page's two dozen
 * queries, and several instances stay correct without telling each other.
 */
const cache = new Map<string, CachedBody>();
const CACHE_MAX = 200;

export async function areaPageVersion(c: C): Promise<string> {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const services = c.get('services');
  const [events, [r]] = await Promise.all([
    dataVersion(db, tenantId, {}),
    db
      .execute(
        sql`select ${areasVersion(tenantId)} || '|' || ${housesVersion(tenantId)} || '|' || ${profilesVersion(tenantId)} || '|' || ${plansVersion(tenantId)} as a, ${consultationHoursVersion(tenantId)} as h, ${sql.join(
          [posts, postTexts, pages, pageTexts].map((t) => rowsVersion(t, tenantId)),
          sql` || '|' || `,
        )} as w, ${publicDatesVersionSql(services, tenantId)} as d`,
      )
      .then((x) => rows<{ a: string; h: string; w: string; d: string }>(x)),
  ]);
  // d: other modules' public dates (council meetings) the page lists.
  return `${r?.a}/${r?.h}/${r?.w}/${events}/${r?.d}`;
}

/**
 * Answers from the cache (or 304) when it can; else `store` keeps the freshly rendered page and
 * answers it with the same ETag.
 */
export async function cachedAreaPage(
  c: C,
): Promise<{ hit: Response } | { hit: null; store: (res: Response) => Promise<Response> }> {
  const tenant = c.get('tenant')!;
  const key = `area|${tenant.id}|${c.req.url}|${c.get('lang')}|${hashEtag(JSON.stringify(tenant))}|${await areaPageVersion(c)}|${Math.floor(Date.now() / 60_000)}`;
  const etag = hashEtag(key);
  const type = 'text/html; charset=UTF-8';
  const hit = cache.get(key);
  if (hit) return { hit: sendCached(c, hit, type, { page: true }) };
  // A conditional request for what the client has: 304 without rendering.
  if (etagMatches(c.req.header('if-none-match'), etag))
    return { hit: sendCached(c, { body: new Uint8Array(), etag }, type, { page: true }) };
  return {
    hit: null,
    async store(res) {
      if (res.status !== 200) return res;
      const entry = cachedBody(await res.text(), etag);
      cache.delete(key);
      cache.set(key, entry);
      while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
      return sendCached(c, entry, type, { page: true });
    },
  };
}
