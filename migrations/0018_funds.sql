CREATE TABLE "funds_applications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"fund_year_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"applicant_kind" text DEFAULT 'person' NOT NULL,
	"applicant_name" text DEFAULT '' NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"area_id" uuid,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"expected_participants" integer,
	"criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"own_money_cents" bigint DEFAULT 0 NOT NULL,
	"volunteer_hours" integer DEFAULT 0 NOT NULL,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"requested_cents" bigint DEFAULT 0 NOT NULL,
	"token_hash" text,
	"entered_by" uuid,
	"submitted_at" timestamp with time zone,
	"meeting_id" uuid,
	"agenda_item_id" uuid,
	"vote_id" uuid,
	"decided_at" timestamp with time zone,
	"granted_cents" bigint,
	"conditions" text DEFAULT '' NOT NULL,
	"refusal_reasons" text DEFAULT '' NOT NULL,
	"actual_participants" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_applications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_applications_token_key" UNIQUE("tenant_id","token_hash"),
	CONSTRAINT "funds_applications_status" CHECK ("funds_applications"."status" in ('draft', 'submitted', 'in_review', 'changes_requested', 'on_agenda', 'granted', 'refused', 'settlement', 'settled', 'closed', 'withdrawn')),
	CONSTRAINT "funds_applications_applicant" CHECK ("funds_applications"."applicant_kind" in ('person', 'group')),
	CONSTRAINT "funds_applications_dates" CHECK ("funds_applications"."ends_on" is null or "funds_applications"."starts_on" is null or "funds_applications"."ends_on" >= "funds_applications"."starts_on"),
	CONSTRAINT "funds_applications_money" CHECK ("funds_applications"."own_money_cents" >= 0 and "funds_applications"."volunteer_hours" >= 0 and "funds_applications"."total_cents" >= 0 and "funds_applications"."requested_cents" >= 0),
	CONSTRAINT "funds_applications_granted" CHECK ("funds_applications"."granted_cents" is null or ("funds_applications"."granted_cents" > 0 and "funds_applications"."granted_cents" <= "funds_applications"."requested_cents")),
	CONSTRAINT "funds_applications_participants" CHECK (coalesce("funds_applications"."expected_participants", 0) >= 0 and coalesce("funds_applications"."actual_participants", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "funds_budget_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_year_id" uuid NOT NULL,
	"previous_cents" bigint NOT NULL,
	"new_cents" bigint NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"split_of" uuid,
	"changed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_budget_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "funds_cost_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item" text NOT NULL,
	"cost_kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "funds_cost_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_cost_lines_kind" CHECK ("funds_cost_lines"."cost_kind" in ('material', 'fee', 'staff', 'investment', 'other')),
	CONSTRAINT "funds_cost_lines_amount" CHECK ("funds_cost_lines"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "funds_eligibility_notes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"ok" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"checked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_eligibility_notes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_eligibility_notes_rule" CHECK ("funds_eligibility_notes"."rule" in ('cap', 'cost_kinds', 'own_contribution', 'start_date', 'deadline', 'guideline', 'other'))
);
--> statement-breakpoint
CREATE TABLE "funds_fund_years" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	"committed_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"returned_cents" bigint DEFAULT 0 NOT NULL,
	"lapsed_cents" bigint DEFAULT 0 NOT NULL,
	"carried_out_cents" bigint DEFAULT 0 NOT NULL,
	"carried_in_cents" bigint DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_fund_years_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_fund_years_year_key" UNIQUE("tenant_id","fund_id","year"),
	CONSTRAINT "funds_fund_years_year" CHECK ("funds_fund_years"."year" between 2000 and 2100),
	CONSTRAINT "funds_fund_years_budget" CHECK ("funds_fund_years"."budget_cents" >= 0),
	CONSTRAINT "funds_fund_years_not_overcommitted" CHECK ("funds_fund_years"."committed_cents" + "funds_fund_years"."lapsed_cents" + "funds_fund_years"."carried_out_cents" <= "funds_fund_years"."budget_cents" + "funds_fund_years"."carried_in_cents"),
	CONSTRAINT "funds_fund_years_committed" CHECK ("funds_fund_years"."committed_cents" >= 0),
	CONSTRAINT "funds_fund_years_paid" CHECK ("funds_fund_years"."returned_cents" >= 0 and "funds_fund_years"."paid_cents" - "funds_fund_years"."returned_cents" between 0 and "funds_fund_years"."committed_cents")
);
--> statement-breakpoint
CREATE TABLE "funds_funds" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"working_group_id" uuid,
	"deciding_body_id" uuid,
	"parent_fund_id" uuid,
	"funding_source" text DEFAULT '' NOT NULL,
	"programme" text DEFAULT '' NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"cap_cents" bigint,
	"allowed_cost_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"own_contribution_percent" integer DEFAULT 0 NOT NULL,
	"volunteer_hour_rate_cents" integer,
	"no_start_before_decision" boolean DEFAULT true NOT NULL,
	"deadline_days_before_session" integer,
	"year_end_rule" text DEFAULT 'lapse' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_funds_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_funds_kind" CHECK ("funds_funds"."kind" in ('action', 'project', 'construction', 'initiative', 'disposition', 'free')),
	CONSTRAINT "funds_funds_year_end" CHECK ("funds_funds"."year_end_rule" in ('lapse', 'carry_over')),
	CONSTRAINT "funds_funds_cap" CHECK ("funds_funds"."cap_cents" is null or "funds_funds"."cap_cents" > 0),
	CONSTRAINT "funds_funds_own_share" CHECK ("funds_funds"."own_contribution_percent" between 0 and 100),
	CONSTRAINT "funds_funds_hour_rate" CHECK ("funds_funds"."volunteer_hour_rate_cents" is null or "funds_funds"."volunteer_hour_rate_cents" between 0 and 100000),
	CONSTRAINT "funds_funds_deadline" CHECK ("funds_funds"."deadline_days_before_session" is null or "funds_funds"."deadline_days_before_session" between 0 and 120),
	CONSTRAINT "funds_funds_cost_kinds" CHECK ("funds_funds"."allowed_cost_kinds" <@ array['material', 'fee', 'staff', 'investment', 'other']::text[]),
	CONSTRAINT "funds_funds_not_own_parent" CHECK ("funds_funds"."parent_fund_id" is null or "funds_funds"."parent_fund_id" <> "funds_funds"."id")
);
--> statement-breakpoint
CREATE TABLE "funds_ledger" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_year_id" uuid NOT NULL,
	"application_id" uuid,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"payment_kind" text,
	"note" text DEFAULT '' NOT NULL,
	"booked_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_ledger_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_ledger_kind" CHECK ("funds_ledger"."kind" in ('commitment', 'correction', 'payment', 'return', 'lapse', 'carry_over_out', 'carry_over_in')),
	CONSTRAINT "funds_ledger_amount" CHECK (case when "funds_ledger"."kind" = 'correction' then "funds_ledger"."amount_cents" <> 0 else "funds_ledger"."amount_cents" > 0 end),
	CONSTRAINT "funds_ledger_payment_kind" CHECK (("funds_ledger"."kind" = 'payment') = ("funds_ledger"."payment_kind" is not null) and ("funds_ledger"."payment_kind" is null or "funds_ledger"."payment_kind" in ('advance', 'reimbursement'))),
	CONSTRAINT "funds_ledger_application" CHECK (("funds_ledger"."kind" in ('commitment', 'correction', 'payment', 'return')) = ("funds_ledger"."application_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "funds_status_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"changed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_status_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "funds_status_changes_status" CHECK ("funds_status_changes"."to_status" in ('draft', 'submitted', 'in_review', 'changes_requested', 'on_agenda', 'granted', 'refused', 'settlement', 'settled', 'closed', 'withdrawn') and ("funds_status_changes"."from_status" is null or "funds_status_changes"."from_status" in ('draft', 'submitted', 'in_review', 'changes_requested', 'on_agenda', 'granted', 'refused', 'settlement', 'settled', 'closed', 'withdrawn')))
);
--> statement-breakpoint
ALTER TABLE "funds_applications" ADD CONSTRAINT "funds_applications_fund_fk" FOREIGN KEY ("tenant_id","fund_id") REFERENCES "public"."funds_funds"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_applications" ADD CONSTRAINT "funds_applications_year_fk" FOREIGN KEY ("tenant_id","fund_year_id") REFERENCES "public"."funds_fund_years"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_budget_changes" ADD CONSTRAINT "funds_budget_changes_year_fk" FOREIGN KEY ("tenant_id","fund_year_id") REFERENCES "public"."funds_fund_years"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_budget_changes" ADD CONSTRAINT "funds_budget_changes_split_fk" FOREIGN KEY ("tenant_id","split_of") REFERENCES "public"."funds_fund_years"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_cost_lines" ADD CONSTRAINT "funds_cost_lines_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_eligibility_notes" ADD CONSTRAINT "funds_eligibility_notes_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_fund_years" ADD CONSTRAINT "funds_fund_years_fund_fk" FOREIGN KEY ("tenant_id","fund_id") REFERENCES "public"."funds_funds"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_funds" ADD CONSTRAINT "funds_funds_parent_fk" FOREIGN KEY ("tenant_id","parent_fund_id") REFERENCES "public"."funds_funds"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_ledger" ADD CONSTRAINT "funds_ledger_year_fk" FOREIGN KEY ("tenant_id","fund_year_id") REFERENCES "public"."funds_fund_years"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_ledger" ADD CONSTRAINT "funds_ledger_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_status_changes" ADD CONSTRAINT "funds_status_changes_application_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."funds_applications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funds_applications_year_idx" ON "funds_applications" USING btree ("tenant_id","fund_year_id","status");--> statement-breakpoint
CREATE INDEX "funds_applications_item_idx" ON "funds_applications" USING btree ("tenant_id","agenda_item_id");--> statement-breakpoint
CREATE INDEX "funds_budget_changes_year_idx" ON "funds_budget_changes" USING btree ("tenant_id","fund_year_id");--> statement-breakpoint
CREATE INDEX "funds_cost_lines_application_idx" ON "funds_cost_lines" USING btree ("tenant_id","application_id","position");--> statement-breakpoint
CREATE INDEX "funds_eligibility_notes_application_idx" ON "funds_eligibility_notes" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "funds_funds_area_idx" ON "funds_funds" USING btree ("tenant_id","area_id");--> statement-breakpoint
CREATE INDEX "funds_ledger_year_idx" ON "funds_ledger" USING btree ("tenant_id","fund_year_id");--> statement-breakpoint
CREATE INDEX "funds_ledger_application_idx" ON "funds_ledger" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "funds_status_changes_application_idx" ON "funds_status_changes" USING btree ("tenant_id","application_id");--> statement-breakpoint
-- Hand-written: the guards of the funds ledger (FUND-3, FUND-4), in the database itself so that no
-- code path, concurrent request or direct statement can get past them.
--
-- 1. A fund-year's balances are the sums of its ledger, recomputed on every insert or update of the
--    row; whatever a statement writes into them is replaced. The row's checks (above) then refuse an
--    over-commitment: committed + lapsed + carried out <= budget + carried in.
CREATE OR REPLACE FUNCTION funds_fund_year_balances() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT
    coalesce(sum(amount_cents) FILTER (WHERE kind IN ('commitment', 'correction')), 0),
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'payment'), 0),
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'return'), 0),
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'lapse'), 0),
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'carry_over_out'), 0),
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'carry_over_in'), 0)
  INTO NEW.committed_cents, NEW.paid_cents, NEW.returned_cents, NEW.lapsed_cents,
       NEW.carried_out_cents, NEW.carried_in_cents
  FROM funds_ledger
  WHERE tenant_id = NEW.tenant_id AND fund_year_id = NEW.id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER funds_fund_years_balances_trg
  BEFORE INSERT OR UPDATE ON funds_fund_years
  FOR EACH ROW EXECUTE FUNCTION funds_fund_year_balances();--> statement-breakpoint
-- 2. Every ledger entry updates its fund-year's row in the same statement. The update takes the
--    row's lock, so entries of one fund-year are written one at a time even when decisions land at
--    the same moment: a second one waits, then its balance trigger sums the ledger including the
--    first (READ COMMITTED takes a new snapshot per statement in the trigger; REPEATABLE READ and
--    SERIALIZABLE fail with a serialization error instead of reading stale sums). The checks of the
--    row refuse the entry that would over-commit the year, and the sums per application refuse
--    paying more than is committed to it.
CREATE OR REPLACE FUNCTION funds_ledger_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  app_committed bigint;
  app_paid bigint;
BEGIN
  UPDATE funds_fund_years SET updated_at = now()
  WHERE tenant_id = NEW.tenant_id AND id = NEW.fund_year_id;
  IF NEW.application_id IS NOT NULL THEN
    SELECT
      coalesce(sum(amount_cents) FILTER (WHERE kind IN ('commitment', 'correction')), 0),
      coalesce(sum(CASE kind WHEN 'payment' THEN amount_cents WHEN 'return' THEN -amount_cents ELSE 0 END), 0)
    INTO app_committed, app_paid
    FROM funds_ledger
    WHERE tenant_id = NEW.tenant_id AND application_id = NEW.application_id;
    IF app_committed < 0 OR app_paid < 0 OR app_paid > app_committed THEN
      RAISE EXCEPTION 'funds_ledger: the entry leaves application % with % cents committed and % cents paid',
        NEW.application_id, app_committed, app_paid
        USING ERRCODE = 'check_violation', CONSTRAINT = 'funds_ledger_application_balance',
              TABLE = 'funds_ledger';
    END IF;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER funds_ledger_entry_trg
  AFTER INSERT ON funds_ledger
  FOR EACH ROW EXECUTE FUNCTION funds_ledger_entry();--> statement-breakpoint
-- 3. The ledger and the budget history are append-only: a mistake is put right by a correction entry
--    (or a new budget change), never by changing or removing one. The one exception is the removal
--    of a whole tenant's rows (a restore with --replace), which says so for its transaction with
--    set_config('quartier.purge_tenant', <tenant id>, true).
CREATE OR REPLACE FUNCTION funds_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('quartier.purge_tenant', true) = OLD.tenant_id::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', TABLE = TG_TABLE_NAME;
END
$$;--> statement-breakpoint
CREATE TRIGGER funds_ledger_append_only_trg
  BEFORE UPDATE OR DELETE ON funds_ledger
  FOR EACH ROW EXECUTE FUNCTION funds_append_only();--> statement-breakpoint
CREATE TRIGGER funds_budget_changes_append_only_trg
  BEFORE UPDATE OR DELETE ON funds_budget_changes
  FOR EACH ROW EXECUTE FUNCTION funds_append_only();--> statement-breakpoint
CREATE OR REPLACE FUNCTION funds_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER funds_ledger_no_truncate_trg
  BEFORE TRUNCATE ON funds_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION funds_no_truncate();
