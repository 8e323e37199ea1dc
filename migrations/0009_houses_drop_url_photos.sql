ALTER TABLE "booking_requests" ALTER COLUMN "retention_until" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" DROP COLUMN "photos";