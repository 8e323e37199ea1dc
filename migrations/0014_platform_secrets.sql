CREATE TABLE "platform_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Rate-limit keys are stored as keyed hashes from now on; the counters kept so far name e-mail and IP
-- addresses in clear and would no longer be read. They go now rather than linger.
DELETE FROM "rate_limits";
