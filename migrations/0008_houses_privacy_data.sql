-- Houses: move data into the structures of 0007 (room photos, group keys, retention dates).
-- Photos entered as web addresses (rooms.photos, jsonb) become rows of room_photos; the column is
-- dropped by the next migration.
INSERT INTO "room_photos" ("tenant_id", "id", "room_id", "source_url", "alt", "sort")
SELECT r."tenant_id", gen_random_uuid(), r."id", p.value->>'url',
       coalesce(nullif(btrim(p.value->>'alt'), ''), r."name"), (p.ord - 1)::int
  FROM "rooms" r
 CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r."photos") = 'array' THEN r."photos" ELSE '[]'::jsonb END)
       WITH ORDINALITY AS p(value, ord)
 WHERE coalesce(btrim(p.value->>'url'), '') <> '';
--> statement-breakpoint
-- A random secret per tenant for the group keys (two v4 UUIDs = 244 random bits).
INSERT INTO "house_settings" ("tenant_id", "group_key_salt")
SELECT t."tenant_id", replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
  FROM (SELECT "tenant_id" FROM "booking_requests" UNION SELECT "tenant_id" FROM "bookings") t
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Group keys were the plain organisation or e-mail ("org:…", "mail:…"): now the salted SHA-256 of
-- that text, as the app computes it (groupKeyFor), so erasing a requester keeps the group count.
UPDATE "booking_requests" b
   SET "group_key" = encode(sha256(convert_to(s."group_key_salt" || b."group_key", 'UTF8')), 'hex')
  FROM "house_settings" s
 WHERE s."tenant_id" = b."tenant_id" AND (b."group_key" LIKE 'org:%' OR b."group_key" LIKE 'mail:%');
--> statement-breakpoint
UPDATE "bookings" b
   SET "group_key" = encode(sha256(convert_to(s."group_key_salt" || b."group_key", 'UTF8')), 'hex')
  FROM "house_settings" s
 WHERE s."tenant_id" = b."tenant_id" AND (b."group_key" LIKE 'org:%' OR b."group_key" LIKE 'mail:%');
--> statement-breakpoint
-- Retention: the end of the year after the last requested date (local time), as retentionUntilFor.
UPDATE "booking_requests"
   SET "retention_until" = make_date(
         extract(year FROM coalesce("repeat_until", ("starts_at" AT TIME ZONE 'Europe/Berlin')::date))::int + 1, 12, 31)
 WHERE "retention_until" IS NULL;
