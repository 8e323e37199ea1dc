CREATE TABLE "coordination_plan_budget_years" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_budget_years_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_plan_budget_years_key" UNIQUE("tenant_id","measure_id","year"),
	CONSTRAINT "coordination_plan_budget_years_amount" CHECK ("coordination_plan_budget_years"."amount_cents" >= 0),
	CONSTRAINT "coordination_plan_budget_years_year" CHECK ("coordination_plan_budget_years"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_milestones" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_milestones_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "coordination_plan_steps" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"what" text NOT NULL,
	"takes_place_on" date NOT NULL,
	"with_whom" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_plan_steps_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "coordination_plan_indicators" ADD COLUMN "measure_id" uuid;--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD COLUMN "funding_kind" text;--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD COLUMN "investive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD CONSTRAINT "coordination_plan_measures_plan_key" UNIQUE("tenant_id","plan_id","id");--> statement-breakpoint
ALTER TABLE "coordination_plan_budget_years" ADD CONSTRAINT "coordination_plan_budget_years_measure_fk" FOREIGN KEY ("tenant_id","plan_id","measure_id") REFERENCES "public"."coordination_plan_measures"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_milestones" ADD CONSTRAINT "coordination_plan_milestones_measure_fk" FOREIGN KEY ("tenant_id","plan_id","measure_id") REFERENCES "public"."coordination_plan_measures"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_plan_steps" ADD CONSTRAINT "coordination_plan_steps_measure_fk" FOREIGN KEY ("tenant_id","plan_id","measure_id") REFERENCES "public"."coordination_plan_measures"("tenant_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordination_plan_budget_years_plan_idx" ON "coordination_plan_budget_years" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE INDEX "coordination_plan_milestones_plan_idx" ON "coordination_plan_milestones" USING btree ("tenant_id","plan_id","due_on");--> statement-breakpoint
CREATE INDEX "coordination_plan_steps_plan_idx" ON "coordination_plan_steps" USING btree ("tenant_id","plan_id");--> statement-breakpoint
ALTER TABLE "coordination_plan_measures" ADD CONSTRAINT "coordination_plan_measures_funding_kind" CHECK ("coordination_plan_measures"."funding_kind" is null or "coordination_plan_measures"."funding_kind" in ('programme', 'fund', 'regular'));