CREATE TABLE "metric_rollups_daily_all" (
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"bucket_end" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"count" bigint NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"p50" double precision NOT NULL,
	"p90" double precision NOT NULL,
	"p95" double precision NOT NULL,
	"p99" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_rollups_daily_all_pkey" PRIMARY KEY("tenant_id","name","bucket_start"),
	CONSTRAINT "metric_rollups_daily_all_bounds_check" CHECK ("metric_rollups_daily_all"."bucket_end" > "metric_rollups_daily_all"."bucket_start")
);
--> statement-breakpoint
ALTER TABLE "metric_rollups_daily_all" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "metric_rollups_daily_all" ADD CONSTRAINT "metric_rollups_daily_all_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "metric_rollups_daily_all_tenant_isolation" ON "metric_rollups_daily_all" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));