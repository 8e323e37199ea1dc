import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, newId, openDatabase } from '../../platform/db/index.ts';
import { saltedGroupKey } from './use-cases/privacy.ts';

// The data steps of the houses migrations 0007–0009 on a database that holds rows written before
// them: photos given as web addresses, group keys in clear, no retention dates.
const DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => /^\d{4}_.*\.sql$/.test(f))
  .sort();

let database: Database;
const run = async (file: string) => {
  for (const stmt of readFileSync(`${DIR}${file}`, 'utf8').split('--> statement-breakpoint')) {
    if (stmt.trim()) await database.executor.executeSql(stmt);
  }
};
const q = async <T>(text: string, values: unknown[] = []) =>
  (await database.executor.executeSql(text, values)).rows as T[];

const tenant = newId();
const house = newId();
const room = newId();
const bare = newId();
const request = newId();

beforeAll(async () => {
  database = await openDatabase({});
  for (const f of files.filter((f) => f < '0007')) await run(f);
  await q(`insert into houses (tenant_id, id, slug, name) values ($1, $2, 'alt', 'Altes Haus')`, [
    tenant,
    house,
  ]);
  await q(
    `insert into rooms (tenant_id, id, house_id, slug, name, photos) values ($1, $2, $3, 'saal', 'Saal', $4::jsonb),
            ($1, $5, $3, 'leer', 'Leer', '[]'::jsonb)`,
    [
      tenant,
      room,
      house,
      JSON.stringify([
        { url: '/static/saal.jpg', alt: 'Saal von vorn' },
        { url: 'https://example.org/kueche.jpg', alt: '' },
      ]),
      bare,
    ],
  );
  await q(
    `insert into booking_requests (tenant_id, id, house_id, room_id, source, requester_name, requester_email,
       organisation, group_key, purpose, category, participants, starts_at, ends_at, repeat_until, cancel_token_hash)
     values ($1, $2, $3, $4, 'public', 'Rosa', 'rosa@example.org', 'Chor', 'org:chor', 'Probe', 'culture', 10,
       '2025-12-31 23:30:00+00', '2026-01-01 00:30:00+00', null, 'x')`,
    [tenant, request, house, room],
  );
  await q(
    `insert into bookings (tenant_id, id, house_id, room_id, request_id, starts_at, ends_at, blocked_until,
       category, group_key, title)
     values ($1, $2, $3, $4, $5, '2025-12-31 23:30:00+00', '2026-01-01 00:30:00+00', '2026-01-01 00:30:00+00',
       'culture', 'org:chor', 'Chor')`,
    [tenant, newId(), house, room, request],
  );
  for (const f of files.filter((f) => f >= '0007' && f < '0010')) await run(f);
});
afterAll(() => database?.close());

describe('houses migrations 0007–0009 keep what was there', () => {
  it('turns photo addresses into photo rows, in order, with a text for each', async () => {
    const rows = await q<{ room_id: string; source_url: string; alt: string; sort: number; file_id: null }>(
      'select room_id, source_url, alt, sort, file_id from room_photos order by sort',
    );
    expect(rows).toEqual([
      { room_id: room, source_url: '/static/saal.jpg', alt: 'Saal von vorn', sort: 0, file_id: null },
      // No text given: the room's name stands in, so no image is without one.
      { room_id: room, source_url: 'https://example.org/kueche.jpg', alt: 'Saal', sort: 1, file_id: null },
    ]);
    const cols = await q<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'rooms' and column_name = 'photos'`,
    );
    expect(cols).toHaveLength(0);
  });

  it('hashes the group keys with the tenant salt exactly as the app does', async () => {
    const [{ group_key_salt: salt }] = await q<{ group_key_salt: string }>(
      'select group_key_salt from house_settings where tenant_id = $1',
      [tenant],
    );
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const expected = saltedGroupKey(salt, 'Chor', 'rosa@example.org');
    expect(await q('select group_key from booking_requests')).toEqual([{ group_key: expected }]);
    expect(await q('select group_key from bookings')).toEqual([{ group_key: expected }]);
  });

  it('sets the retention date from the local date (00:30 on 1 January in Berlin is the new year)', async () => {
    const [r] = await q<{ retention_until: string | Date; legal_basis: string }>(
      'select retention_until::text as retention_until, legal_basis from booking_requests',
    );
    expect(r).toEqual({ retention_until: '2027-12-31', legal_basis: 'contract' });
  });
});
