CREATE TABLE "impact_activities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"partners" text DEFAULT '' NOT NULL,
	"partner_actor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_activities_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "impact_activities_participants" CHECK ("impact_activities"."participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "impact_reports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"year" integer NOT NULL,
	"texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"snapshot" jsonb,
	"finalised_at" timestamp with time zone,
	"finalised_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_reports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "impact_reports_status" CHECK ("impact_reports"."status" in ('draft', 'final')),
	CONSTRAINT "impact_reports_final" CHECK ("impact_reports"."status" = 'draft' or "impact_reports"."snapshot" is not null)
);
--> statement-breakpoint
CREATE INDEX "impact_activities_held_idx" ON "impact_activities" USING btree ("tenant_id","held_on");--> statement-breakpoint
CREATE INDEX "impact_activities_area_ids_idx" ON "impact_activities" USING gin ("area_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "impact_reports_area_year_key" ON "impact_reports" USING btree ("tenant_id","area_id","year");