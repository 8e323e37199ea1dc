CREATE TABLE "funds_application_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_application_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_application_files_type" CHECK ("funds_application_files"."content_type" in ('application/pdf', 'image/jpeg', 'image/png')),
	CONSTRAINT "funds_application_files_size" CHECK ("funds_application_files"."size" > 0)
);
--> statement-breakpoint
ALTER TABLE "funds_funds" ADD COLUMN "target_groups" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "funds_application_files" ADD CONSTRAINT "funds_application_files_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funds_application_files_application_idx" ON "funds_application_files" USING btree ("tenant_id","application_id");