CREATE TABLE "coordination_budgets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_budgets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "coordination_budgets_line_key" UNIQUE("tenant_id","area_id","year","source"),
	CONSTRAINT "coordination_budgets_kind" CHECK ("coordination_budgets"."kind" in ('regular', 'programme')),
	CONSTRAINT "coordination_budgets_year" CHECK ("coordination_budgets"."year" between 2000 and 2100),
	CONSTRAINT "coordination_budgets_amount" CHECK ("coordination_budgets"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coordination_pruefstein_ratings" (
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"pruefstein" integer NOT NULL,
	"rating" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordination_pruefstein_ratings_tenant_id_year_pruefstein_pk" PRIMARY KEY("tenant_id","year","pruefstein"),
	CONSTRAINT "coordination_pruefstein_ratings_number" CHECK ("coordination_pruefstein_ratings"."pruefstein" between 1 and 10),
	CONSTRAINT "coordination_pruefstein_ratings_rating" CHECK ("coordination_pruefstein_ratings"."rating" between 0 and 4),
	CONSTRAINT "coordination_pruefstein_ratings_year" CHECK ("coordination_pruefstein_ratings"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE INDEX "coordination_budgets_year_idx" ON "coordination_budgets" USING btree ("tenant_id","year");