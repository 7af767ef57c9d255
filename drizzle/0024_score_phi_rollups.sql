CREATE TABLE "score_day_values" (
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"local_day" date NOT NULL,
	"value_key" text NOT NULL,
	"numeric_value" double precision,
	"string_value" text,
	"boolean_value" boolean,
	"score_count" bigint NOT NULL,
	CONSTRAINT "score_day_values_pkey" PRIMARY KEY("tenant_id","name","kind","local_day","value_key")
);
--> statement-breakpoint
ALTER TABLE "score_day_values" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "phi_event_hour_counts" (
	"tenant_id" uuid NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"local_day" date NOT NULL,
	"phi_type" text NOT NULL,
	"action" text NOT NULL,
	"event_count" bigint NOT NULL,
	CONSTRAINT "phi_event_hour_counts_pkey" PRIMARY KEY("tenant_id","hour_start","local_day","phi_type","action")
);
--> statement-breakpoint
ALTER TABLE "phi_event_hour_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "score_day_values" ADD CONSTRAINT "score_day_values_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phi_event_hour_counts" ADD CONSTRAINT "phi_event_hour_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "score_day_values_tenant_isolation" ON "score_day_values" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "phi_event_hour_counts_tenant_isolation" ON "phi_event_hour_counts" AS PERMISSIVE FOR ALL TO "frontdesk_app" USING ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));