CREATE TABLE "help_kiosks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"house_id" uuid NOT NULL,
	"venue_id" uuid,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"rotate_seconds" integer DEFAULT 20 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_kiosks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "help_kiosks_rotate_check" CHECK ("help_kiosks"."rotate_seconds" between 10 and 300)
);
--> statement-breakpoint
CREATE INDEX "help_kiosks_house_idx" ON "help_kiosks" USING btree ("tenant_id","house_id");