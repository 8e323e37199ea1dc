ALTER TABLE "funds_applications" ADD COLUMN "lang" text DEFAULT 'de' NOT NULL;--> statement-breakpoint
ALTER TABLE "funds_funds" ADD COLUMN "public_balance" boolean DEFAULT true NOT NULL;