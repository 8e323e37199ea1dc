CREATE TABLE "profiles_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"report" jsonb NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"derived" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "profiles_indicators" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT 'count' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"licence" text DEFAULT '' NOT NULL,
	"direction" text DEFAULT 'neutral' NOT NULL,
	"aggregation" text DEFAULT 'none' NOT NULL,
	"weight_indicator_key" text,
	"description" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_indicators_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "profiles_indicators_unit" CHECK ("profiles_indicators"."unit" in ('percent', 'count', 'people', 'index', 'ratio', 'per_1000', 'euro', 'years')),
	CONSTRAINT "profiles_indicators_direction" CHECK ("profiles_indicators"."direction" in ('higher_better', 'higher_worse', 'neutral')),
	CONSTRAINT "profiles_indicators_aggregation" CHECK ("profiles_indicators"."aggregation" in ('sum', 'weighted', 'none'))
);
--> statement-breakpoint
CREATE TABLE "profiles_values" (
	"tenant_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"derived" boolean DEFAULT false NOT NULL,
	"import_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_values_pkey" PRIMARY KEY("tenant_id","indicator_id","area_id","period"),
	CONSTRAINT "profiles_values_period" CHECK ("profiles_values"."period" ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$')
);
--> statement-breakpoint
ALTER TABLE "profiles_values" ADD CONSTRAINT "profiles_values_indicator_fk" FOREIGN KEY ("tenant_id","indicator_id") REFERENCES "public"."profiles_indicators"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles_values" ADD CONSTRAINT "profiles_values_import_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."profiles_imports"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "profiles_imports_created_idx" ON "profiles_imports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "profiles_indicators_key" ON "profiles_indicators" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "profiles_values_area_idx" ON "profiles_values" USING btree ("tenant_id","area_id");