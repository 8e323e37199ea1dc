CREATE TABLE "house_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"group_key_salt" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_photos" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"file_id" uuid,
	"source_url" text,
	"content_type" text,
	"bytes" integer,
	"width" integer,
	"height" integer,
	"alt" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_photos_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "room_photos_source" CHECK (("room_photos"."file_id" is not null and "room_photos"."content_type" in ('image/jpeg', 'image/png', 'image/webp') and "room_photos"."width" > 0 and "room_photos"."height" > 0) or ("room_photos"."file_id" is null and "room_photos"."source_url" is not null))
);
--> statement-breakpoint
ALTER TABLE "booking_requests" ADD COLUMN "legal_basis" text DEFAULT 'contract' NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_requests" ADD COLUMN "retention_until" date;--> statement-breakpoint
ALTER TABLE "booking_requests" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "houses" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "room_photos" ADD CONSTRAINT "room_photos_room_fk" FOREIGN KEY ("tenant_id","room_id") REFERENCES "public"."rooms"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_photos_room_idx" ON "room_photos" USING btree ("tenant_id","room_id","sort");--> statement-breakpoint
CREATE INDEX "booking_requests_email_idx" ON "booking_requests" USING btree ("tenant_id",lower("requester_email"));--> statement-breakpoint
CREATE INDEX "booking_requests_retention_idx" ON "booking_requests" USING btree ("tenant_id","retention_until");--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_legal_basis" CHECK ("booking_requests"."legal_basis" in ('contract'));