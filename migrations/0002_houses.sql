CREATE TABLE "booking_requests" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"source" text NOT NULL,
	"requester_name" text NOT NULL,
	"requester_email" text NOT NULL,
	"requester_phone" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"group_key" text NOT NULL,
	"purpose" text NOT NULL,
	"category" text NOT NULL,
	"participants" integer NOT NULL,
	"tariff" text DEFAULT 'standard' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"rrule" text,
	"repeat_until" date,
	"exceptions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fee_cents" integer DEFAULT 0 NOT NULL,
	"payment_status" text DEFAULT 'open' NOT NULL,
	"payment_note" text DEFAULT '' NOT NULL,
	"paid_at" timestamp with time zone,
	"proposed_starts_at" timestamp with time zone,
	"proposed_ends_at" timestamp with time zone,
	"staff_message" text DEFAULT '' NOT NULL,
	"decline_reason" text DEFAULT '' NOT NULL,
	"cancel_token_hash" text NOT NULL,
	"lang" text DEFAULT 'de' NOT NULL,
	"user_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_requests_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "booking_requests_token_key" UNIQUE("tenant_id","cancel_token_hash"),
	CONSTRAINT "booking_requests_order" CHECK ("booking_requests"."ends_at" > "booking_requests"."starts_at"),
	CONSTRAINT "booking_requests_fee" CHECK ("booking_requests"."fee_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"category" text NOT NULL,
	"group_key" text NOT NULL,
	"title" text NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"fee_cents" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "bookings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "bookings_order" CHECK ("bookings"."ends_at" > "bookings"."starts_at" and "bookings"."blocked_until" >= "bookings"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "house_closures" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"room_id" uuid,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "house_closures_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "house_closures_order" CHECK ("house_closures"."ends_at" > "house_closures"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "houses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'own' NOT NULL,
	"area_id" uuid,
	"owner_name" text DEFAULT '' NOT NULL,
	"external_booking_url" text,
	"street" text DEFAULT '' NOT NULL,
	"postcode" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"description" text DEFAULT '' NOT NULL,
	"opening_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"house_rules" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"key_handover" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "houses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "houses_slug_key" UNIQUE("tenant_id","slug")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"capacity" integer DEFAULT 0 NOT NULL,
	"size_sqm" integer,
	"equipment" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accessibility" text DEFAULT '' NOT NULL,
	"step_free" boolean DEFAULT false NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allowed_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fee_hour_cents" integer,
	"fee_half_day_cents" integer,
	"fee_day_cents" integer,
	"nonprofit_reduction_pct" integer DEFAULT 0 NOT NULL,
	"resident_reduction_pct" integer DEFAULT 0 NOT NULL,
	"buffer_minutes" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rooms_slug_key" UNIQUE("tenant_id","house_id","slug"),
	CONSTRAINT "rooms_reductions" CHECK ("rooms"."nonprofit_reduction_pct" between 0 and 100 and "rooms"."resident_reduction_pct" between 0 and 100),
	CONSTRAINT "rooms_buffer" CHECK ("rooms"."buffer_minutes" between 0 and 1440)
);
--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_house_fk" FOREIGN KEY ("tenant_id","house_id") REFERENCES "public"."houses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_room_fk" FOREIGN KEY ("tenant_id","room_id") REFERENCES "public"."rooms"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_room_fk" FOREIGN KEY ("tenant_id","room_id") REFERENCES "public"."rooms"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_house_fk" FOREIGN KEY ("tenant_id","house_id") REFERENCES "public"."houses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."booking_requests"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_closures" ADD CONSTRAINT "house_closures_house_fk" FOREIGN KEY ("tenant_id","house_id") REFERENCES "public"."houses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_closures" ADD CONSTRAINT "house_closures_room_fk" FOREIGN KEY ("tenant_id","room_id") REFERENCES "public"."rooms"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_house_fk" FOREIGN KEY ("tenant_id","house_id") REFERENCES "public"."houses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_requests_status_idx" ON "booking_requests" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "booking_requests_house_idx" ON "booking_requests" USING btree ("tenant_id","house_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_room_time_idx" ON "bookings" USING btree ("tenant_id","room_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_house_time_idx" ON "bookings" USING btree ("tenant_id","house_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_request_idx" ON "bookings" USING btree ("tenant_id","request_id");--> statement-breakpoint
CREATE INDEX "house_closures_time_idx" ON "house_closures" USING btree ("tenant_id","house_id","starts_at");--> statement-breakpoint
CREATE INDEX "houses_area_idx" ON "houses" USING btree ("tenant_id","area_id");