-- Idempotency keys are the client's free text and may hold an identifier: from now on only their
-- SHA-256 (hex, of 'frontdesk:idempotency-key:v1:' || key, as the API computes it) is stored. Keys
-- already stored are hashed the same way, so a retry with one of them still finds its row.
UPDATE "bookings" SET "idempotency_key" = encode(sha256(convert_to('frontdesk:idempotency-key:v1:' || "idempotency_key", 'UTF8')), 'hex') WHERE "idempotency_key" IS NOT NULL;--> statement-breakpoint
UPDATE "orders" SET "idempotency_key" = encode(sha256(convert_to('frontdesk:idempotency-key:v1:' || "idempotency_key", 'UTF8')), 'hex');--> statement-breakpoint
UPDATE "order_refunds" SET "idempotency_key" = encode(sha256(convert_to('frontdesk:idempotency-key:v1:' || "idempotency_key", 'UTF8')), 'hex') WHERE "idempotency_key" IS NOT NULL;--> statement-breakpoint
UPDATE "conversation_scores" SET "idempotency_key" = encode(sha256(convert_to('frontdesk:idempotency-key:v1:' || "idempotency_key", 'UTF8')), 'hex') WHERE "idempotency_key" IS NOT NULL;
