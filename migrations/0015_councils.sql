CREATE TABLE "councils_agenda_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"presenter" text DEFAULT '' NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"minutes_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_agenda_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_agenda_items_position" CHECK ("councils_agenda_items"."position" >= 1),
	CONSTRAINT "councils_agenda_items_kind" CHECK ("councils_agenda_items"."kind" in ('information', 'discussion', 'decision', 'election', 'approval_of_minutes')),
	CONSTRAINT "councils_agenda_items_minutes" CHECK (("councils_agenda_items"."kind" = 'approval_of_minutes') = ("councils_agenda_items"."minutes_of" is not null))
);
--> statement-breakpoint
CREATE TABLE "councils_attendance" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"status" text NOT NULL,
	"from_position" integer,
	"until_position" integer,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_attendance_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_attendance_member_key" UNIQUE("tenant_id","meeting_id","member_id"),
	CONSTRAINT "councils_attendance_status" CHECK ("councils_attendance"."status" in ('present', 'excused', 'absent', 'late', 'left_early')),
	CONSTRAINT "councils_attendance_positions" CHECK (("councils_attendance"."status" in ('present', 'late', 'left_early') or ("councils_attendance"."from_position" is null and "councils_attendance"."until_position" is null)) and ("councils_attendance"."from_position" is null or "councils_attendance"."until_position" is null or "councils_attendance"."until_position" >= "councils_attendance"."from_position"))
);
--> statement-breakpoint
CREATE TABLE "councils_ballots" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"choice" text NOT NULL,
	CONSTRAINT "councils_ballots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_ballots_member_key" UNIQUE("tenant_id","vote_id","member_id"),
	CONSTRAINT "councils_ballots_choice" CHECK ("councils_ballots"."choice" in ('yes', 'no', 'abstain'))
);
--> statement-breakpoint
CREATE TABLE "councils_bodies" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"quorum_rule" text DEFAULT 'more_than_half' NOT NULL,
	"quorum_fixed" integer,
	"majority_rule" text DEFAULT 'simple' NOT NULL,
	"tie_rule" text DEFAULT 'rejected' NOT NULL,
	"composition_rule" text DEFAULT 'none' NOT NULL,
	"invitation_days" integer DEFAULT 7 NOT NULL,
	"vote_by_name_required" boolean DEFAULT false NOT NULL,
	"circulation_quorum_rule" text DEFAULT 'more_than_half' NOT NULL,
	"term_years" integer,
	"dissolved_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_bodies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_bodies_slug_key" UNIQUE("tenant_id","slug"),
	CONSTRAINT "councils_bodies_kind" CHECK ("councils_bodies"."kind" in ('quartiersrat', 'aktionsfondsjury', 'ag_gwa', 'stadtteilkonferenz', 'steering_local', 'steering_district', 'steering_state', 'working_group', 'kiezrunde', 'free')),
	CONSTRAINT "councils_bodies_quorum" CHECK (("councils_bodies"."quorum_rule" = 'fixed') = ("councils_bodies"."quorum_fixed" is not null) and coalesce("councils_bodies"."quorum_fixed", 1) >= 1),
	CONSTRAINT "councils_bodies_rules" CHECK ("councils_bodies"."quorum_rule" in ('more_than_half', 'at_least_half', 'at_least_third', 'fixed', 'none') and "councils_bodies"."circulation_quorum_rule" in ('more_than_half', 'at_least_half', 'at_least_third', 'fixed', 'none') and "councils_bodies"."circulation_quorum_rule" <> 'fixed' and "councils_bodies"."majority_rule" in ('simple', 'absolute', 'two_thirds') and "councils_bodies"."tie_rule" in ('rejected', 'chair_decides') and "councils_bodies"."composition_rule" in ('none', 'resident_majority')),
	CONSTRAINT "councils_bodies_invitation_days" CHECK ("councils_bodies"."invitation_days" between 0 and 60),
	CONSTRAINT "councils_bodies_term_years" CHECK ("councils_bodies"."term_years" is null or "councils_bodies"."term_years" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "councils_circulation_ballots" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"circulation_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"choice" text NOT NULL,
	"channel" text NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_circulation_ballots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_circulation_ballots_member_key" UNIQUE("tenant_id","circulation_id","member_id"),
	CONSTRAINT "councils_circulation_ballots_choice" CHECK ("councils_circulation_ballots"."choice" in ('yes', 'no', 'abstain')),
	CONSTRAINT "councils_circulation_ballots_channel" CHECK ("councils_circulation_ballots"."channel" in ('account', 'link'))
);
--> statement-breakpoint
CREATE TABLE "councils_circulation_links" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"circulation_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_circulation_links_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_circulation_links_member_key" UNIQUE("tenant_id","circulation_id","member_id"),
	CONSTRAINT "councils_circulation_links_token_key" UNIQUE("tenant_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "councils_circulations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"title" text NOT NULL,
	"motion" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"entitled_member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"closed_at" timestamp with time zone,
	"yes" integer,
	"no" integer,
	"abstain" integer,
	"result" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_circulations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_circulations_result" CHECK ("councils_circulations"."result" is null or "councils_circulations"."result" in ('accepted', 'rejected', 'no_quorum')),
	CONSTRAINT "councils_circulations_window" CHECK ("councils_circulations"."closes_at" > "councils_circulations"."opens_at"),
	CONSTRAINT "councils_circulations_closed" CHECK (("councils_circulations"."closed_at" is null) = ("councils_circulations"."result" is null) and ("councils_circulations"."result" is null) = ("councils_circulations"."yes" is null))
);
--> statement-breakpoint
CREATE TABLE "councils_conflicts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"circulation_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"declared_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_conflicts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_conflicts_item_key" UNIQUE("tenant_id","agenda_item_id","member_id"),
	CONSTRAINT "councils_conflicts_circulation_key" UNIQUE("tenant_id","circulation_id","member_id"),
	CONSTRAINT "councils_conflicts_target" CHECK (("councils_conflicts"."agenda_item_id" is null) <> ("councils_conflicts"."circulation_id" is null))
);
--> statement-breakpoint
CREATE TABLE "councils_meetings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"venue_id" uuid,
	"location_name" text DEFAULT '' NOT NULL,
	"online_url" text,
	"public" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"series_id" uuid,
	"guest_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"minutes_status" text DEFAULT 'none' NOT NULL,
	"minutes_approved_in" uuid,
	"cancelled_reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_meetings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_meetings_order" CHECK ("councils_meetings"."ends_at" is null or "councils_meetings"."ends_at" > "councils_meetings"."starts_at"),
	CONSTRAINT "councils_meetings_status" CHECK ("councils_meetings"."status" in ('planned', 'invited', 'held', 'cancelled')),
	CONSTRAINT "councils_meetings_minutes" CHECK ("councils_meetings"."minutes_status" in ('none', 'draft', 'circulated', 'approved'))
);
--> statement-breakpoint
CREATE TABLE "councils_members" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"publish_name" boolean DEFAULT false NOT NULL,
	"publish_name_consent_at" timestamp with time zone,
	"email" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"organisation" text DEFAULT '' NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"user_id" uuid,
	"role" text DEFAULT 'member' NOT NULL,
	"voting" boolean DEFAULT true NOT NULL,
	"term_from" date NOT NULL,
	"term_to" date,
	"elected_on" date,
	"election_vote_id" uuid,
	"ended_on" date,
	"end_reason" text,
	"successor_of" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_members_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_members_kind" CHECK ("councils_members"."kind" in ('resident', 'organisation', 'administration', 'team')),
	CONSTRAINT "councils_members_role" CHECK ("councils_members"."role" in ('speaker', 'deputy', 'moderator', 'minute_taker', 'member', 'advisory', 'guest')),
	CONSTRAINT "councils_members_advisory" CHECK (not ("councils_members"."voting" and "councils_members"."role" in ('advisory', 'guest'))),
	CONSTRAINT "councils_members_consent" CHECK (not "councils_members"."publish_name" or "councils_members"."publish_name_consent_at" is not null),
	CONSTRAINT "councils_members_end_reason" CHECK ("councils_members"."end_reason" is null or "councils_members"."end_reason" in ('term_ended', 'resigned', 'removed', 'role_changed')),
	CONSTRAINT "councils_members_term" CHECK ("councils_members"."term_to" is null or "councils_members"."term_to" >= "councils_members"."term_from"),
	CONSTRAINT "councils_members_end" CHECK (("councils_members"."ended_on" is null) = ("councils_members"."end_reason" is null) and ("councils_members"."ended_on" is null or "councils_members"."ended_on" >= "councils_members"."term_from" - 1))
);
--> statement-breakpoint
CREATE TABLE "councils_votes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"yes" integer NOT NULL,
	"no" integer NOT NULL,
	"abstain" integer NOT NULL,
	"entitled" integer NOT NULL,
	"present_member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"quorum" integer NOT NULL,
	"chair_casting" text,
	"result" text NOT NULL,
	"resolution" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_votes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "councils_votes_kind" CHECK ("councils_votes"."kind" in ('open', 'by_name', 'secret')),
	CONSTRAINT "councils_votes_result" CHECK ("councils_votes"."result" in ('accepted', 'rejected')),
	CONSTRAINT "councils_votes_counts" CHECK ("councils_votes"."yes" >= 0 and "councils_votes"."no" >= 0 and "councils_votes"."abstain" >= 0 and "councils_votes"."yes" + "councils_votes"."no" + "councils_votes"."abstain" <= cardinality("councils_votes"."present_member_ids") and cardinality("councils_votes"."present_member_ids") <= "councils_votes"."entitled" and cardinality("councils_votes"."present_member_ids") >= "councils_votes"."quorum"),
	CONSTRAINT "councils_votes_casting" CHECK ("councils_votes"."chair_casting" is null or "councils_votes"."chair_casting" in ('yes', 'no'))
);
--> statement-breakpoint
ALTER TABLE "councils_agenda_items" ADD CONSTRAINT "councils_agenda_items_meeting_fk" FOREIGN KEY ("tenant_id","meeting_id") REFERENCES "public"."councils_meetings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_agenda_items" ADD CONSTRAINT "councils_agenda_items_minutes_fk" FOREIGN KEY ("tenant_id","minutes_of") REFERENCES "public"."councils_meetings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_attendance" ADD CONSTRAINT "councils_attendance_meeting_fk" FOREIGN KEY ("tenant_id","meeting_id") REFERENCES "public"."councils_meetings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_attendance" ADD CONSTRAINT "councils_attendance_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_ballots" ADD CONSTRAINT "councils_ballots_vote_fk" FOREIGN KEY ("tenant_id","vote_id") REFERENCES "public"."councils_votes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_ballots" ADD CONSTRAINT "councils_ballots_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_circulation_ballots" ADD CONSTRAINT "councils_circulation_ballots_circulation_fk" FOREIGN KEY ("tenant_id","circulation_id") REFERENCES "public"."councils_circulations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_circulation_ballots" ADD CONSTRAINT "councils_circulation_ballots_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_circulation_links" ADD CONSTRAINT "councils_circulation_links_circulation_fk" FOREIGN KEY ("tenant_id","circulation_id") REFERENCES "public"."councils_circulations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_circulation_links" ADD CONSTRAINT "councils_circulation_links_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_circulations" ADD CONSTRAINT "councils_circulations_body_fk" FOREIGN KEY ("tenant_id","body_id") REFERENCES "public"."councils_bodies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_conflicts" ADD CONSTRAINT "councils_conflicts_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_conflicts" ADD CONSTRAINT "councils_conflicts_item_fk" FOREIGN KEY ("tenant_id","agenda_item_id") REFERENCES "public"."councils_agenda_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_conflicts" ADD CONSTRAINT "councils_conflicts_circulation_fk" FOREIGN KEY ("tenant_id","circulation_id") REFERENCES "public"."councils_circulations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_meetings" ADD CONSTRAINT "councils_meetings_body_fk" FOREIGN KEY ("tenant_id","body_id") REFERENCES "public"."councils_bodies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_members" ADD CONSTRAINT "councils_members_body_fk" FOREIGN KEY ("tenant_id","body_id") REFERENCES "public"."councils_bodies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_members" ADD CONSTRAINT "councils_members_election_fk" FOREIGN KEY ("tenant_id","election_vote_id") REFERENCES "public"."councils_votes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_members" ADD CONSTRAINT "councils_members_successor_fk" FOREIGN KEY ("tenant_id","successor_of") REFERENCES "public"."councils_members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils_votes" ADD CONSTRAINT "councils_votes_item_fk" FOREIGN KEY ("tenant_id","agenda_item_id") REFERENCES "public"."councils_agenda_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "councils_agenda_items_meeting_idx" ON "councils_agenda_items" USING btree ("tenant_id","meeting_id","position");--> statement-breakpoint
CREATE INDEX "councils_bodies_area_idx" ON "councils_bodies" USING btree ("tenant_id","area_id");--> statement-breakpoint
CREATE INDEX "councils_circulations_body_idx" ON "councils_circulations" USING btree ("tenant_id","body_id","opens_at");--> statement-breakpoint
CREATE INDEX "councils_meetings_body_idx" ON "councils_meetings" USING btree ("tenant_id","body_id","starts_at");--> statement-breakpoint
CREATE INDEX "councils_members_body_idx" ON "councils_members" USING btree ("tenant_id","body_id","term_from");--> statement-breakpoint
CREATE INDEX "councils_members_user_idx" ON "councils_members" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "councils_votes_item_idx" ON "councils_votes" USING btree ("tenant_id","agenda_item_id");