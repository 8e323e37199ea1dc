ALTER TABLE "councils_agenda_items" ADD COLUMN "minutes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "councils_meetings" ADD COLUMN "minutes_circulated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "councils_meetings" ADD COLUMN "minutes_published_at" timestamp with time zone;