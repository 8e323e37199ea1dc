CREATE TABLE "volunteering_certificates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signer_name" text DEFAULT '' NOT NULL,
	"content" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_certificates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_certificates_status" CHECK ("volunteering_certificates"."status" in ('requested', 'signed'))
);
--> statement-breakpoint
CREATE TABLE "volunteering_hours" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"match_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"day" date NOT NULL,
	"minutes" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"suggested_by" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_hours_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_hours_minutes" CHECK ("volunteering_hours"."minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "volunteering_initiatives" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"activities" text DEFAULT '' NOT NULL,
	"meets" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"join_mode" text DEFAULT 'contact' NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_initiatives_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_initiatives_join" CHECK ("volunteering_initiatives"."join_mode" in ('contact', 'come_by'))
);
--> statement-breakpoint
CREATE TABLE "volunteering_matches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_matches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_matches_status" CHECK ("volunteering_matches"."status" in ('proposed', 'accepted', 'declined', 'expired', 'confirmed', 'ended')),
	CONSTRAINT "volunteering_matches_confirmed" CHECK ("volunteering_matches"."status" <> 'confirmed' or "volunteering_matches"."confirmed_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "volunteering_needs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text DEFAULT 'need' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"for_whom" text DEFAULT '' NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"actor_id" uuid,
	"organisation" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"schedule" text DEFAULT 'regular' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"weekdays" text[] DEFAULT '{}'::text[] NOT NULL,
	"day_parts" text[] DEFAULT '{}'::text[] NOT NULL,
	"schedule_note" text DEFAULT '' NOT NULL,
	"people_needed" integer DEFAULT 1 NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"safeguarding" boolean DEFAULT false NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_needs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_needs_kind" CHECK ("volunteering_needs"."kind" in ('need', 'call')),
	CONSTRAINT "volunteering_needs_schedule" CHECK ("volunteering_needs"."schedule" in ('once', 'regular')),
	CONSTRAINT "volunteering_needs_status" CHECK ("volunteering_needs"."status" in ('open', 'closed')),
	CONSTRAINT "volunteering_needs_people" CHECK ("volunteering_needs"."people_needed" between 1 and 1000),
	CONSTRAINT "volunteering_needs_dates" CHECK ("volunteering_needs"."ends_on" is null or "volunteering_needs"."starts_on" is null or "volunteering_needs"."ends_on" >= "volunteering_needs"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "volunteering_signups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"lang" text DEFAULT 'de' NOT NULL,
	"token_hash" text,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_signups_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteering_thanks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"text" text NOT NULL,
	"sent_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_thanks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteering_volunteers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"about" text DEFAULT '' NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"weekdays" text[] DEFAULT '{}'::text[] NOT NULL,
	"day_parts" text[] DEFAULT '{}'::text[] NOT NULL,
	"chosen_area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'unconfirmed' NOT NULL,
	"token_hash" text,
	"lang" text DEFAULT 'de' NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"email_confirmed_at" timestamp with time zone,
	"last_active_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retention_warned_at" timestamp with time zone,
	"certificate_issued_on" date,
	"certificate_seen_at" timestamp with time zone,
	"certificate_seen_by" uuid,
	"erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteering_volunteers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "volunteering_volunteers_status" CHECK ("volunteering_volunteers"."status" in ('unconfirmed', 'active', 'paused'))
);
--> statement-breakpoint
ALTER TABLE "volunteering_certificates" ADD CONSTRAINT "volunteering_certificates_volunteer_fk" FOREIGN KEY ("tenant_id","volunteer_id") REFERENCES "public"."volunteering_volunteers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_hours" ADD CONSTRAINT "volunteering_hours_match_fk" FOREIGN KEY ("tenant_id","match_id") REFERENCES "public"."volunteering_matches"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_hours" ADD CONSTRAINT "volunteering_hours_volunteer_fk" FOREIGN KEY ("tenant_id","volunteer_id") REFERENCES "public"."volunteering_volunteers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_matches" ADD CONSTRAINT "volunteering_matches_need_fk" FOREIGN KEY ("tenant_id","need_id") REFERENCES "public"."volunteering_needs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_matches" ADD CONSTRAINT "volunteering_matches_volunteer_fk" FOREIGN KEY ("tenant_id","volunteer_id") REFERENCES "public"."volunteering_volunteers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_signups" ADD CONSTRAINT "volunteering_signups_need_fk" FOREIGN KEY ("tenant_id","need_id") REFERENCES "public"."volunteering_needs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteering_thanks" ADD CONSTRAINT "volunteering_thanks_volunteer_fk" FOREIGN KEY ("tenant_id","volunteer_id") REFERENCES "public"."volunteering_volunteers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteering_hours_match_idx" ON "volunteering_hours" USING btree ("tenant_id","match_id");--> statement-breakpoint
CREATE INDEX "volunteering_initiatives_area_idx" ON "volunteering_initiatives" USING btree ("tenant_id","area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteering_matches_open_key" ON "volunteering_matches" USING btree ("tenant_id","need_id","volunteer_id") WHERE status in ('proposed', 'accepted', 'confirmed');--> statement-breakpoint
CREATE INDEX "volunteering_matches_volunteer_idx" ON "volunteering_matches" USING btree ("tenant_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteering_needs_area_idx" ON "volunteering_needs" USING btree ("tenant_id","area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteering_signups_email_key" ON "volunteering_signups" USING btree ("tenant_id","need_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteering_signups_token_key" ON "volunteering_signups" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteering_volunteers_token_key" ON "volunteering_volunteers" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "volunteering_volunteers_email_idx" ON "volunteering_volunteers" USING btree ("tenant_id","email");