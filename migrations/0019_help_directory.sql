CREATE TABLE "help_life_situations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_life_situations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "help_life_situations_key" UNIQUE("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "help_locations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"venue_id" uuid,
	"name" text DEFAULT '' NOT NULL,
	"street" text,
	"house_number" text,
	"postcode" text,
	"city" text,
	"district" text,
	"lon" double precision,
	"lat" double precision,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"step_free" boolean,
	"accessibility" text[] DEFAULT '{}'::text[] NOT NULL,
	"hours" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_locations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "help_search_counts" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"situation_key" text DEFAULT '' NOT NULL,
	"found" boolean NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "help_search_counts_tenant_id_day_situation_key_found_pk" PRIMARY KEY("tenant_id","day","situation_key","found")
);
--> statement-breakpoint
CREATE TABLE "help_service_topics" (
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	CONSTRAINT "help_service_topics_tenant_id_service_id_topic_id_pk" PRIMARY KEY("tenant_id","service_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "help_services" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"provider_actor_id" uuid,
	"provider_name" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"description_easy" text DEFAULT '' NOT NULL,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"cost" text DEFAULT 'unknown' NOT NULL,
	"cost_note" text DEFAULT '' NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"access" text DEFAULT 'unknown' NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"email" text,
	"website" text,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"source_key" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewer_id" uuid,
	"review_months" integer DEFAULT 12 NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_services_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "help_services_source_key" UNIQUE("tenant_id","source","source_key"),
	CONSTRAINT "help_services_cost_check" CHECK ("help_services"."cost" in ('free', 'reduced', 'fee', 'unknown')),
	CONSTRAINT "help_services_access_check" CHECK ("help_services"."access" in ('appointment', 'walk_in', 'both', 'unknown')),
	CONSTRAINT "help_services_review_months_check" CHECK ("help_services"."review_months" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "help_situation_topics" (
	"tenant_id" uuid NOT NULL,
	"situation_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	CONSTRAINT "help_situation_topics_tenant_id_situation_id_topic_id_pk" PRIMARY KEY("tenant_id","situation_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "help_topics" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_topics_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "help_topics_key" UNIQUE("tenant_id","key"),
	CONSTRAINT "help_topics_kind_check" CHECK ("help_topics"."kind" in ('social_code', 'theme'))
);
--> statement-breakpoint
ALTER TABLE "help_locations" ADD CONSTRAINT "help_locations_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."help_services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_service_topics" ADD CONSTRAINT "help_service_topics_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."help_services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_service_topics" ADD CONSTRAINT "help_service_topics_topic_fk" FOREIGN KEY ("tenant_id","topic_id") REFERENCES "public"."help_topics"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_situation_topics" ADD CONSTRAINT "help_situation_topics_situation_fk" FOREIGN KEY ("tenant_id","situation_id") REFERENCES "public"."help_life_situations"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_situation_topics" ADD CONSTRAINT "help_situation_topics_topic_fk" FOREIGN KEY ("tenant_id","topic_id") REFERENCES "public"."help_topics"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_locations_service_idx" ON "help_locations" USING btree ("tenant_id","service_id");--> statement-breakpoint
CREATE INDEX "help_locations_areas_idx" ON "help_locations" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "help_service_topics_topic_idx" ON "help_service_topics" USING btree ("tenant_id","topic_id");--> statement-breakpoint
CREATE INDEX "help_services_areas_idx" ON "help_services" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "help_services_search_idx" ON "help_services" USING gin ("search");--> statement-breakpoint
CREATE INDEX "help_services_name_trgm_idx" ON "help_services" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "help_situation_topics_topic_idx" ON "help_situation_topics" USING btree ("tenant_id","topic_id");