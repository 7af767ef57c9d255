CREATE TABLE "metric_rollup_dirty_hours" (
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_rollup_dirty_hours_pkey" PRIMARY KEY("tenant_id","name","bucket_start")
);
--> statement-breakpoint
ALTER TABLE "metric_rollup_dirty_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "metric_rollup_dirty_hours" ADD CONSTRAINT "metric_rollup_dirty_hours_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "metric_rollup_dirty_hours_tenant_isolation" ON "metric_rollup_dirty_hours" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);