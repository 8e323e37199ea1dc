CREATE TABLE "funds_settlement_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cost_line_id" uuid,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"consent" boolean DEFAULT false NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_settlement_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_settlement_files_kind" CHECK ("funds_settlement_files"."kind" in ('receipt', 'photo')),
	CONSTRAINT "funds_settlement_files_type" CHECK ("funds_settlement_files"."content_type" in ('application/pdf', 'image/jpeg', 'image/png') and ("funds_settlement_files"."kind" = 'receipt' or "funds_settlement_files"."content_type" <> 'application/pdf')),
	CONSTRAINT "funds_settlement_files_size" CHECK ("funds_settlement_files"."size" > 0),
	CONSTRAINT "funds_settlement_files_consent" CHECK (("funds_settlement_files"."kind" = 'photo' or not "funds_settlement_files"."consent") and ("funds_settlement_files"."kind" = 'receipt' or "funds_settlement_files"."cost_line_id" is null))
);
--> statement-breakpoint
CREATE TABLE "funds_settlements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"report" text DEFAULT '' NOT NULL,
	"participants_children" integer,
	"participants_youth" integer,
	"participants_adults" integer,
	"participants_seniors" integer,
	"participants_female" integer,
	"participants_male" integer,
	"participants_diverse" integer,
	"staff_note" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"reminded_at" timestamp with time zone,
	"claimed_back_cents" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_settlements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_settlements_application_key" UNIQUE("tenant_id","application_id"),
	CONSTRAINT "funds_settlements_status" CHECK ("funds_settlements"."status" in ('draft', 'submitted', 'corrections', 'accepted')),
	CONSTRAINT "funds_settlements_participants" CHECK (coalesce("funds_settlements"."participants_children", 0) >= 0 and coalesce("funds_settlements"."participants_youth", 0) >= 0 and coalesce("funds_settlements"."participants_adults", 0) >= 0 and coalesce("funds_settlements"."participants_seniors", 0) >= 0 and coalesce("funds_settlements"."participants_female", 0) >= 0 and coalesce("funds_settlements"."participants_male", 0) >= 0 and coalesce("funds_settlements"."participants_diverse", 0) >= 0),
	CONSTRAINT "funds_settlements_claimed" CHECK ("funds_settlements"."claimed_back_cents" is null or "funds_settlements"."claimed_back_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "funds_cost_lines" ADD COLUMN "actual_cents" bigint;--> statement-breakpoint
ALTER TABLE "funds_settlement_files" ADD CONSTRAINT "funds_settlement_files_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_settlement_files" ADD CONSTRAINT "funds_settlement_files_line_fk" FOREIGN KEY ("tenant_id","cost_line_id") REFERENCES "public"."funds_cost_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_settlements" ADD CONSTRAINT "funds_settlements_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funds_settlement_files_application_idx" ON "funds_settlement_files" USING btree ("tenant_id","application_id");--> statement-breakpoint
ALTER TABLE "funds_cost_lines" ADD CONSTRAINT "funds_cost_lines_actual" CHECK ("funds_cost_lines"."actual_cents" is null or "funds_cost_lines"."actual_cents" >= 0);