CREATE TABLE "councils_item_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_item_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_item_files_type" CHECK ("councils_item_files"."content_type" = 'application/pdf'),
	CONSTRAINT "councils_item_files_size" CHECK ("councils_item_files"."size" > 0)
);
--> statement-breakpoint
CREATE TABLE "councils_oparl_tombstones" (
	"tenant_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"meeting_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_oparl_tombstones_tenant_id_object_type_object_id_pk" PRIMARY KEY("tenant_id","object_type","object_id")
);
--> statement-breakpoint
CREATE TABLE "councils_paper_link_withdrawals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"withdrawn_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_paper_link_withdrawals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_paper_link_withdrawals_key" UNIQUE("tenant_id","meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "councils_reminders_sent" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"recipients" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_reminders_sent_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_reminders_sent_key" UNIQUE("tenant_id","kind","subject_id","due_on"),
	CONSTRAINT "councils_reminders_sent_kind" CHECK ("councils_reminders_sent"."kind" in ('invitation_due', 'term_ending'))
);
--> statement-breakpoint
ALTER TABLE "councils_item_files" ADD CONSTRAINT "councils_item_files_item_fk" FOREIGN KEY ("tenant_id","agenda_item_id") REFERENCES "public"."councils_agenda_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_paper_link_withdrawals" ADD CONSTRAINT "councils_paper_link_withdrawals_meeting_fk" FOREIGN KEY ("tenant_id","meeting_id") REFERENCES "public"."councils_meetings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_paper_link_withdrawals" ADD CONSTRAINT "councils_paper_link_withdrawals_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "councils_item_files_item_idx" ON "councils_item_files" USING btree ("tenant_id","agenda_item_id");--> statement-breakpoint
CREATE INDEX "councils_oparl_tombstones_deleted_idx" ON "councils_oparl_tombstones" USING btree ("tenant_id","object_type","deleted_at");