-- Citus' rule for tables distributed by tenant_id: every primary key and unique constraint includes
-- the distribution column (foreign keys between tenant tables already did). These tables had PRIMARY
-- KEY (id); it becomes (id, tenant_id) — id leads, so lookups by id alone keep their index — in one
-- statement per table (one index build, the table locked only for it). The two unique indexes found
-- by hash before the tenant is known get tenant_id after the hash, for the same reason.
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_pkey", ADD CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey", ADD CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_pkey", ADD CONSTRAINT "invitations_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_pkey", ADD CONSTRAINT "memberships_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_pkey", ADD CONSTRAINT "outbox_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_pkey", ADD CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "availability_rules" DROP CONSTRAINT "availability_rules_pkey", ADD CONSTRAINT "availability_rules_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_pkey", ADD CONSTRAINT "bookings_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "resources" DROP CONSTRAINT "resources_pkey", ADD CONSTRAINT "resources_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "conversation_scores" DROP CONSTRAINT "conversation_scores_pkey", ADD CONSTRAINT "conversation_scores_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "score_configs" DROP CONSTRAINT "score_configs_pkey", ADD CONSTRAINT "score_configs_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "order_refunds" DROP CONSTRAINT "order_refunds_pkey", ADD CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_pkey", ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "phi_detection_events" DROP CONSTRAINT "phi_detection_events_pkey", ADD CONSTRAINT "phi_detection_events_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_pkey", ADD CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "webhook_delivery_attempts_pkey", ADD CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "webhook_endpoints_pkey", ADD CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_pkey", ADD CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id", "tenant_id");--> statement-breakpoint
DROP INDEX "api_keys_secret_hash_key";--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys" USING btree ("secret_hash", "tenant_id");--> statement-breakpoint
DROP INDEX "invitations_token_hash_key";--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash", "tenant_id");
