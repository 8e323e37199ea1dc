CREATE TABLE "network_actors" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_type" text,
	"name" text NOT NULL,
	"description" text,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"street" text,
	"house_number" text,
	"postcode" text,
	"city" text,
	"lon" double precision,
	"lat" double precision,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"placed_by" text,
	"is_multiplier" boolean DEFAULT false NOT NULL,
	"is_seismograph" boolean DEFAULT false NOT NULL,
	"shared_departments" text[] DEFAULT '{}'::text[] NOT NULL,
	"legal_basis" text,
	"consent_text_version" text,
	"consent_at" timestamp with time zone,
	"retention_until" date,
	"source" text,
	"source_key" text,
	"search" "tsvector",
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_actors_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "network_actors_source_key" UNIQUE("tenant_id","source_key"),
	CONSTRAINT "network_actors_kind_check" CHECK ("network_actors"."kind" in ('organisation', 'person')),
	CONSTRAINT "network_actors_person_basis_check" CHECK ("network_actors"."kind" <> 'person' or ("network_actors"."legal_basis" in ('consent', 'contract', 'public_task') and "network_actors"."retention_until" is not null)),
	CONSTRAINT "network_actors_consent_check" CHECK ("network_actors"."legal_basis" is distinct from 'consent' or ("network_actors"."consent_text_version" is not null and "network_actors"."consent_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "network_concerns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"topic" text NOT NULL,
	"language" text NOT NULL,
	"venue_id" uuid,
	"series_id" uuid,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"referral_kind" text DEFAULT 'none' NOT NULL,
	"referral_target" text,
	"referral_user_id" uuid,
	"note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"follow_up_on" date,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"legal_basis" text,
	"consent_text_version" text,
	"consent_at" timestamp with time zone,
	"retention_until" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_concerns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "network_concerns_idempotency" UNIQUE("tenant_id","idempotency_key"),
	CONSTRAINT "network_concerns_contact_basis_check" CHECK (("network_concerns"."contact_name" is null and "network_concerns"."contact_phone" is null and "network_concerns"."contact_email" is null) or ("network_concerns"."legal_basis" is not null and "network_concerns"."retention_until" is not null))
);
--> statement-breakpoint
CREATE TABLE "network_contacts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"happened_at" timestamp with time zone NOT NULL,
	"author_user_id" uuid,
	"author_name" text,
	"summary" text,
	"notes" text,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_contacts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"rejected" integer NOT NULL,
	"report" jsonb NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_outreach" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"target_group" text NOT NULL,
	"place" text NOT NULL,
	"venue_id" uuid,
	"planned_on" date NOT NULL,
	"occasion" text NOT NULL,
	"outcome" text,
	"reached" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_outreach_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_relations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"from_actor_id" uuid NOT NULL,
	"to_actor_id" uuid NOT NULL,
	"type" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_relations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "network_relations_unique" UNIQUE("tenant_id","from_actor_id","to_actor_id","type")
);
--> statement-breakpoint
CREATE TABLE "network_series" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact" text,
	"published" boolean DEFAULT true NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_series_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_series_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	"occurrence_date" date NOT NULL,
	"status" text NOT NULL,
	"venue_id" uuid,
	"start_time" text,
	"end_time" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_series_exceptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "network_series_exceptions_occurrence" UNIQUE("tenant_id","slot_id","occurrence_date")
);
--> statement-breakpoint
CREATE TABLE "network_series_extras" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"venue_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_series_extras_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_series_slots" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"venue_id" uuid NOT NULL,
	"rrule" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_series_slots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_tasks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_id" uuid,
	"contact_id" uuid,
	"concern_id" uuid,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"assignee_user_id" uuid,
	"created_by" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"done_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_tasks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "network_venues" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"actor_id" uuid,
	"street" text,
	"house_number" text,
	"postcode" text,
	"city" text,
	"lon" double precision,
	"lat" double precision,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"opening_hours" text,
	"step_free" boolean,
	"accessible_toilet" boolean,
	"hearing_loop" boolean,
	"accessibility_notes" text,
	"phone" text,
	"email" text,
	"website" text,
	"source" text,
	"source_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_venues_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "network_venues_source_key" UNIQUE("tenant_id","source_key")
);
--> statement-breakpoint
ALTER TABLE "network_contacts" ADD CONSTRAINT "network_contacts_actor_fk" FOREIGN KEY ("tenant_id","actor_id") REFERENCES "public"."network_actors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_relations" ADD CONSTRAINT "network_relations_from_fk" FOREIGN KEY ("tenant_id","from_actor_id") REFERENCES "public"."network_actors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_relations" ADD CONSTRAINT "network_relations_to_fk" FOREIGN KEY ("tenant_id","to_actor_id") REFERENCES "public"."network_actors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_exceptions" ADD CONSTRAINT "network_series_exceptions_series_fk" FOREIGN KEY ("tenant_id","series_id") REFERENCES "public"."network_series"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_exceptions" ADD CONSTRAINT "network_series_exceptions_slot_fk" FOREIGN KEY ("tenant_id","slot_id") REFERENCES "public"."network_series_slots"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_exceptions" ADD CONSTRAINT "network_series_exceptions_venue_fk" FOREIGN KEY ("tenant_id","venue_id") REFERENCES "public"."network_venues"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_extras" ADD CONSTRAINT "network_series_extras_series_fk" FOREIGN KEY ("tenant_id","series_id") REFERENCES "public"."network_series"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_extras" ADD CONSTRAINT "network_series_extras_venue_fk" FOREIGN KEY ("tenant_id","venue_id") REFERENCES "public"."network_venues"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_slots" ADD CONSTRAINT "network_series_slots_series_fk" FOREIGN KEY ("tenant_id","series_id") REFERENCES "public"."network_series"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_series_slots" ADD CONSTRAINT "network_series_slots_venue_fk" FOREIGN KEY ("tenant_id","venue_id") REFERENCES "public"."network_venues"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_tasks" ADD CONSTRAINT "network_tasks_actor_fk" FOREIGN KEY ("tenant_id","actor_id") REFERENCES "public"."network_actors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_tasks" ADD CONSTRAINT "network_tasks_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."network_contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_venues" ADD CONSTRAINT "network_venues_actor_fk" FOREIGN KEY ("tenant_id","actor_id") REFERENCES "public"."network_actors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "network_actors_kind_idx" ON "network_actors" USING btree ("tenant_id","kind","name");--> statement-breakpoint
CREATE INDEX "network_actors_areas_idx" ON "network_actors" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "network_actors_search_idx" ON "network_actors" USING gin ("search");--> statement-breakpoint
CREATE INDEX "network_actors_name_trgm_idx" ON "network_actors" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "network_concerns_areas_idx" ON "network_concerns" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "network_concerns_recorded_idx" ON "network_concerns" USING btree ("tenant_id","recorded_at");--> statement-breakpoint
CREATE INDEX "network_contacts_actor_idx" ON "network_contacts" USING btree ("tenant_id","actor_id","happened_at");--> statement-breakpoint
CREATE INDEX "network_outreach_planned_idx" ON "network_outreach" USING btree ("tenant_id","planned_on");--> statement-breakpoint
CREATE INDEX "network_relations_to_idx" ON "network_relations" USING btree ("tenant_id","to_actor_id");--> statement-breakpoint
CREATE INDEX "network_series_areas_idx" ON "network_series" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "network_series_slots_series_idx" ON "network_series_slots" USING btree ("tenant_id","series_id");--> statement-breakpoint
CREATE INDEX "network_tasks_due_idx" ON "network_tasks" USING btree ("tenant_id","assignee_user_id","due_on");--> statement-breakpoint
CREATE INDEX "network_venues_areas_idx" ON "network_venues" USING gin ("area_ids");