CREATE TABLE "coordination_plan_fields" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_fields_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_fields_plan_key" UNIQUE("tenant_id","plan_id","id")
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_goals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"field_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_goals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_goals_plan_key" UNIQUE("tenant_id","plan_id","id")
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_indicators" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"baseline" numeric NOT NULL,
	"target" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_indicators_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_indicators_plan_key" UNIQUE("tenant_id","plan_id","id"),
	CONSTRAINT "coordination_plan_indicators_moves" CHECK ("coordination_plan_indicators"."target" <> "coordination_plan_indicators"."baseline")
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_measures" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"department_id" uuid,
	"responsible" text DEFAULT '' NOT NULL,
	"budget_line" text DEFAULT '' NOT NULL,
	"budget_cents" integer,
	"starts_on" date,
	"ends_on" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"continuation" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_measures_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_measures_status" CHECK ("coordination_plan_measures"."status" in ('planned', 'running', 'done', 'dropped')),
	CONSTRAINT "coordination_plan_measures_schedule" CHECK ("coordination_plan_measures"."ends_on" is null or "coordination_plan_measures"."starts_on" is null or "coordination_plan_measures"."ends_on" >= "coordination_plan_measures"."starts_on"),
	CONSTRAINT "coordination_plan_measures_budget" CHECK ("coordination_plan_measures"."budget_cents" is null or "coordination_plan_measures"."budget_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_progress" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"measured_on" date NOT NULL,
	"value" numeric NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_progress_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_versions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"adopted_on" date NOT NULL,
	"adopted_by" text NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_versions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_versions_key" UNIQUE("tenant_id","plan_id","version")
);
--> statement-breakpoint
CREATE TABLE "coordination_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"continuation" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plans_status" CHECK ("coordination_plans"."status" in ('draft', 'adopted')),
	CONSTRAINT "coordination_plans_period" CHECK ("coordination_plans"."period_to" >= "coordination_plans"."period_from"),
	CONSTRAINT "coordination_plans_version" CHECK ("coordination_plans"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "coordination_plan_fields" ADD CONSTRAINT "coordination_plan_fields_plan_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."coordination_plans"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_goals" ADD CONSTRAINT "coordination_plan_goals_field_fk" FOREIGN KEY ("tenant_id","plan_id","field_id") REFERENCES "public"."coordination_plan_fields"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_indicators" ADD CONSTRAINT "coordination_plan_indicators_goal_fk" FOREIGN KEY ("tenant_id","plan_id","goal_id") REFERENCES "public"."coordination_plan_goals"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD CONSTRAINT "coordination_plan_measures_goal_fk" FOREIGN KEY ("tenant_id","plan_id","goal_id") REFERENCES "public"."coordination_plan_goals"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD CONSTRAINT "coordination_plan_measures_department_fk" FOREIGN KEY ("tenant_id","department_id") REFERENCES "public"."coordination_departments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_progress" ADD CONSTRAINT "coordination_plan_progress_indicator_fk" FOREIGN KEY ("tenant_id","plan_id","indicator_id") REFERENCES "public"."coordination_plan_indicators"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_versions" ADD CONSTRAINT "coordination_plan_versions_plan_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."coordination_plans"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordination_plan_measures_plan_idx" ON "coordination_plan_measures" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE INDEX "coordination_plan_progress_indicator_idx" ON "coordination_plan_progress" USING btree ("tenant_id","indicator_id","measured_on");--> statement-breakpoint
CREATE INDEX "coordination_plans_area_idx" ON "coordination_plans" USING btree ("tenant_id","area_id");