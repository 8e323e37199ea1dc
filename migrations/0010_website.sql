CREATE TABLE "website_page_texts" (
	"tenant_id" uuid NOT NULL,
	"page_id" uuid NOT NULL,
	"lang" text NOT NULL,
	"title" text NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "website_page_texts_tenant_id_page_id_lang_pk" PRIMARY KEY("tenant_id","page_id","lang")
);
--> statement-breakpoint
CREATE TABLE "website_pages" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"slug" text NOT NULL,
	"kind" text DEFAULT 'page' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "website_pages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "website_pages_slug_key" UNIQUE("tenant_id","slug")
);
--> statement-breakpoint
CREATE TABLE "website_post_texts" (
	"tenant_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"lang" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"image_alt" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "website_post_texts_tenant_id_post_id_lang_pk" PRIMARY KEY("tenant_id","post_id","lang")
);
--> statement-breakpoint
CREATE TABLE "website_posts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_id" uuid,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"image_id" uuid,
	"image_type" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "website_posts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "website_posts_slug_key" UNIQUE("tenant_id","slug")
);
--> statement-breakpoint
ALTER TABLE "website_page_texts" ADD CONSTRAINT "website_page_texts_page_fk" FOREIGN KEY ("tenant_id","page_id") REFERENCES "public"."website_pages"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "website_post_texts" ADD CONSTRAINT "website_post_texts_post_fk" FOREIGN KEY ("tenant_id","post_id") REFERENCES "public"."website_posts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "website_pages_areas_idx" ON "website_pages" USING gin ("area_ids");--> statement-breakpoint
CREATE INDEX "website_posts_published_idx" ON "website_posts" USING btree ("tenant_id","status","published_at");--> statement-breakpoint
CREATE INDEX "website_posts_areas_idx" ON "website_posts" USING gin ("area_ids");