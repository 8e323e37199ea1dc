CREATE TABLE "newsletter_bounces" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"issue_id" uuid,
	"kind" text NOT NULL,
	"status" text,
	"action" text,
	"diagnostic" text,
	"outcome" text NOT NULL,
	"source" text NOT NULL,
	"mail_hash" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "newsletter_bounces_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "newsletter_bounces_mail_key" UNIQUE("tenant_id","mail_hash","subscriber_id")
);
--> statement-breakpoint
ALTER TABLE "newsletter_subscribers" ADD COLUMN "bounce_key" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "newsletter_bounces" ADD CONSTRAINT "newsletter_bounces_subscriber_fk" FOREIGN KEY ("tenant_id","subscriber_id") REFERENCES "public"."newsletter_subscribers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "newsletter_bounces_subscriber_idx" ON "newsletter_bounces" USING btree ("tenant_id","subscriber_id","created_at");--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_bounce_key_idx" ON "newsletter_subscribers" USING btree ("bounce_key");