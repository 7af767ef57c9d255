-- Booking-notice settings get their bounds (a reminder 15 min to 7 days ahead, or none), and two
-- retention settings: delivery logs (webhooks, outbox) and email messages. A reminder lead below the
-- new minimum (none can have been set through the API) is raised to it.
UPDATE "tenants" SET "booking_reminder_minutes" = 15 WHERE "booking_reminder_minutes" between 1 and 14;--> statement-breakpoint
ALTER TABLE "tenants" DROP CONSTRAINT "tenants_booking_reminder_check";--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "delivery_log_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "email_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
CREATE INDEX "email_messages_unredacted_idx" ON "email_messages" USING btree ("updated_at") WHERE "email_messages"."status" <> 'pending' and "email_messages"."to_address" not like 'hmac-sha256:%';--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_delivery_log_retention_check" CHECK ("tenants"."delivery_log_retention_days" between 1 and 3650);--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_email_retention_check" CHECK ("tenants"."email_retention_days" between 7 and 3650);--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_booking_reminder_check" CHECK ("tenants"."booking_reminder_minutes" = 0 or "tenants"."booking_reminder_minutes" between 15 and 10080);