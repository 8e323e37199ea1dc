CREATE TABLE "help_review_links" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_by" uuid,
	"answer" text,
	"answered_at" timestamp with time zone,
	"proposal" jsonb,
	"decision" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_review_links_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "help_review_links_token_key" UNIQUE("tenant_id","token_hash"),
	CONSTRAINT "help_review_links_answer_check" CHECK ("help_review_links"."answer" in ('confirmed', 'proposed')),
	CONSTRAINT "help_review_links_decision_check" CHECK ("help_review_links"."decision" in ('accepted', 'rejected')),
	CONSTRAINT "help_review_links_proposal_check" CHECK ("help_review_links"."answer" is distinct from 'proposed' or "help_review_links"."proposal" is not null)
);
--> statement-breakpoint
ALTER TABLE "help_services" ADD COLUMN "reviewed_by_provider" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "help_review_links" ADD CONSTRAINT "help_review_links_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."help_services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_review_links_service_idx" ON "help_review_links" USING btree ("tenant_id","service_id");