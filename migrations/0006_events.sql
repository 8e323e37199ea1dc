CREATE TABLE "events_attendance" (
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"occurrence_date" date NOT NULL,
	"total" integer NOT NULL,
	"by_age" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_gender" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_attendance_tenant_id_event_id_occurrence_date_pk" PRIMARY KEY("tenant_id","event_id","occurrence_date"),
	CONSTRAINT "events_attendance_total" CHECK ("events_attendance"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "events_categories" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_categories_slug_key" UNIQUE("tenant_id","slug")
);
--> statement-breakpoint
CREATE TABLE "events_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"criteria" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notify_email" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events_sources" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"area_id" uuid,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"attribution" text DEFAULT '' NOT NULL,
	"attribution_url" text,
	"publish_mode" text DEFAULT 'review' NOT NULL,
	"interval_minutes" integer DEFAULT 360 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_polled_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_sources_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_sources_interval" CHECK ("events_sources"."interval_minutes" between 15 and 10080)
);
--> statement-breakpoint
CREATE TABLE "events_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text DEFAULT 'event' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'staff' NOT NULL,
	"title" text NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"rrule" text,
	"repeat_until" date,
	"exdates" text[] DEFAULT '{}'::text[] NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"venue_id" uuid,
	"location_name" text DEFAULT '' NOT NULL,
	"location_address" text DEFAULT '' NOT NULL,
	"online_url" text,
	"organiser_actor_id" uuid,
	"organiser_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"step_free" boolean,
	"accessible_toilet" boolean,
	"hearing_loop" boolean,
	"sign_language" boolean DEFAULT false NOT NULL,
	"accessibility_notes" text DEFAULT '' NOT NULL,
	"cost" text DEFAULT 'free' NOT NULL,
	"cost_note" text DEFAULT '' NOT NULL,
	"image_id" uuid,
	"image_type" text,
	"image_alt" text DEFAULT '' NOT NULL,
	"registration_required" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"confirmed_places" integer DEFAULT 0 NOT NULL,
	"waitlist_enabled" boolean DEFAULT true NOT NULL,
	"registration_closes_at" timestamp with time zone,
	"results_html" text DEFAULT '' NOT NULL,
	"results_published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text DEFAULT '' NOT NULL,
	"submitter_name" text DEFAULT '' NOT NULL,
	"submitter_email" text DEFAULT '' NOT NULL,
	"submitter_lang" text DEFAULT 'de' NOT NULL,
	"edit_token_hash" text,
	"moderation_note" text DEFAULT '' NOT NULL,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"revision" jsonb,
	"import_source_id" uuid,
	"import_uid" text,
	"import_hash" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_events_import_key" UNIQUE("tenant_id","import_source_id","import_uid"),
	CONSTRAINT "events_events_token_key" UNIQUE("tenant_id","edit_token_hash"),
	CONSTRAINT "events_events_order" CHECK ("events_events"."ends_at" >= "events_events"."starts_at"),
	CONSTRAINT "events_events_capacity" CHECK ("events_events"."confirmed_places" >= 0 and ("events_events"."capacity" is null or ("events_events"."capacity" >= 0 and "events_events"."confirmed_places" <= "events_events"."capacity")))
);
--> statement-breakpoint
CREATE TABLE "events_import_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"file_name" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'ok' NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "events_import_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "events_registrations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"places" integer DEFAULT 1 NOT NULL,
	"lang" text DEFAULT 'de' NOT NULL,
	"token_hash" text NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_registrations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_registrations_token_key" UNIQUE("tenant_id","token_hash"),
	CONSTRAINT "events_registrations_places" CHECK ("events_registrations"."places" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "events_result_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"title" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_result_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "events_attendance" ADD CONSTRAINT "events_attendance_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."events_events"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events_events" ADD CONSTRAINT "events_events_source_fk" FOREIGN KEY ("tenant_id","import_source_id") REFERENCES "public"."events_sources"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events_import_runs" ADD CONSTRAINT "events_import_runs_source_fk" FOREIGN KEY ("tenant_id","source_id") REFERENCES "public"."events_sources"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events_registrations" ADD CONSTRAINT "events_registrations_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."events_events"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events_result_files" ADD CONSTRAINT "events_result_files_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."events_events"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_events_start_idx" ON "events_events" USING btree ("tenant_id","status","starts_at");--> statement-breakpoint
CREATE INDEX "events_events_areas_idx" ON "events_events" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "events_events_recurring_idx" ON "events_events" USING btree ("tenant_id","starts_at") WHERE "events_events"."rrule" is not null;--> statement-breakpoint
CREATE INDEX "events_import_runs_source_idx" ON "events_import_runs" USING btree ("tenant_id","source_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_registrations_email_key" ON "events_registrations" USING btree ("tenant_id","event_id","email") WHERE "events_registrations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "events_registrations_event_idx" ON "events_registrations" USING btree ("tenant_id","event_id","status");