-- No double booking, ever: confirmed bookings of one room never overlap, buffer time included.
-- tstzrange is half-open [starts_at, blocked_until), so back-to-back bookings are allowed.
-- btree_gist (migration 0000) provides the gist operator classes for uuid equality.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist ("tenant_id" WITH =, "room_id" WITH =, tstzrange("starts_at", "blocked_until") WITH &&) WHERE ("status" = 'confirmed');
