CREATE TABLE "coordination_departments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"short_name" text DEFAULT '' NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_departments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_departments_name_key" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "coordination_needs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"topic" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"source_kind" text NOT NULL,
	"reporter_user_id" uuid,
	"source_body_id" uuid,
	"source_item_id" uuid,
	"source_vote_id" uuid,
	"source_label" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_needs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_needs_topic" CHECK ("coordination_needs"."topic" in ('youth', 'social', 'education', 'health', 'public_space', 'environment', 'culture', 'housing', 'mobility', 'participation', 'other')),
	CONSTRAINT "coordination_needs_urgency" CHECK ("coordination_needs"."urgency" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "coordination_needs_source_kind" CHECK ("coordination_needs"."source_kind" in ('team', 'body')),
	CONSTRAINT "coordination_needs_body_source" CHECK ("coordination_needs"."source_kind" <> 'body' or "coordination_needs"."source_body_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "coordination_routings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"routed_by" uuid,
	"escalated_at" timestamp with time zone,
	"escalation_body_id" uuid,
	"escalation_meeting_id" uuid,
	"escalation_item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_routings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_routings_department_key" UNIQUE("tenant_id","need_id","department_id"),
	CONSTRAINT "coordination_routings_status" CHECK ("coordination_routings"."status" in ('sent', 'in_progress', 'answered', 'closed')),
	CONSTRAINT "coordination_routings_answered" CHECK ("coordination_routings"."status" <> 'answered' or length("coordination_routings"."answer") > 0)
);
--> statement-breakpoint
ALTER TABLE "coordination_routings" ADD CONSTRAINT "coordination_routings_need_fk" FOREIGN KEY ("tenant_id","need_id") REFERENCES "public"."coordination_needs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_routings" ADD CONSTRAINT "coordination_routings_department_fk" FOREIGN KEY ("tenant_id","department_id") REFERENCES "public"."coordination_departments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordination_needs_body_idx" ON "coordination_needs" USING btree ("tenant_id","source_body_id");--> statement-breakpoint
CREATE INDEX "coordination_routings_department_idx" ON "coordination_routings" USING btree ("tenant_id","department_id");