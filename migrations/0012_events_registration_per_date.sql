CREATE TABLE "events_occurrence_places" (
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"occurrence_date" date NOT NULL,
	"confirmed_places" integer DEFAULT 0 NOT NULL,
	"capacity" integer NOT NULL,
	CONSTRAINT "events_occurrence_places_tenant_id_event_id_occurrence_date_pk" PRIMARY KEY("tenant_id","event_id","occurrence_date"),
	CONSTRAINT "events_occurrence_places_capacity" CHECK ("events_occurrence_places"."confirmed_places" >= 0 and "events_occurrence_places"."capacity" >= 0 and "events_occurrence_places"."confirmed_places" <= "events_occurrence_places"."capacity")
);
--> statement-breakpoint
DROP INDEX "events_registrations_email_key";--> statement-breakpoint
ALTER TABLE "events_events" ADD COLUMN "registration_mode" text DEFAULT 'series' NOT NULL;--> statement-breakpoint
ALTER TABLE "events_registrations" ADD COLUMN "occurrence_date" date;--> statement-breakpoint
ALTER TABLE "events_occurrence_places" ADD CONSTRAINT "events_occurrence_places_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."events_events"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "events_registrations_date_email_key" ON "events_registrations" USING btree ("tenant_id","event_id","occurrence_date","email") WHERE "events_registrations"."status" <> 'cancelled' and "events_registrations"."occurrence_date" is not null;--> statement-breakpoint
CREATE INDEX "events_registrations_date_idx" ON "events_registrations" USING btree ("tenant_id","event_id","occurrence_date","status") WHERE "events_registrations"."occurrence_date" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "events_registrations_email_key" ON "events_registrations" USING btree ("tenant_id","event_id","email") WHERE "events_registrations"."status" <> 'cancelled' and "events_registrations"."occurrence_date" is null;--> statement-breakpoint
ALTER TABLE "events_events" ADD CONSTRAINT "events_events_registration_mode" CHECK ("events_events"."registration_mode" in ('series', 'per_date'));