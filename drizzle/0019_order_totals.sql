CREATE TABLE "order_totals" (
	"tenant_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text NOT NULL,
	"order_count" bigint DEFAULT 0 NOT NULL,
	"total_amount" numeric(38, 0) DEFAULT '0' NOT NULL,
	"refunded_amount" numeric(38, 0) DEFAULT '0' NOT NULL,
	CONSTRAINT "order_totals_pkey" PRIMARY KEY("tenant_id","currency","status")
);
--> statement-breakpoint
ALTER TABLE "order_totals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "order_totals" ADD CONSTRAINT "order_totals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "order_totals_tenant_isolation" ON "order_totals" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));