// Writing an event: in the transaction of the change it describes (an outbox), so a rolled-back
// change emits nothing and a committed one is never lost. The worker delivers it afterwards.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";
import { webhookEventSchemas, type WebhookEventType } from "./events";

/**
 * Records `type` with `data` for every enabled endpoint of the tenant that wants it, and returns the
 * number of deliveries queued. A tenant with no such endpoint pays one cheap statement and stores
 * nothing. The payload goes through its schema first: fields the schema does not name (a payment's
 * client secret, a score's metadata) never leave, and a payload that does not fit fails the change
 * instead of reaching receivers in a shape the API does not document.
 */
export async function emitWebhookEvent(
  db: Db,
  tenantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date = new Date(),
): Promise<number> {
  const id = randomUUID();
  // JSON first (Dates become ISO strings), as receivers will see it.
  const json: unknown = JSON.parse(
    JSON.stringify({ id, type, createdAt: now.toISOString(), tenantId, data }),
  );
  const payload = webhookEventSchemas[type].parse(json);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with wanted as (
          select e.id from webhook_endpoints e
          where e.tenant_id = ${tenantId} and e.enabled
            and (e.event_types is null or ${type} = any(e.event_types))
        ), event as (
          insert into webhook_events (id, tenant_id, type, payload, created_at)
          select ${id}, ${tenantId}, ${type}, ${JSON.stringify(payload)}::jsonb, ${now.toISOString()}::timestamptz
          where exists (select 1 from wanted)
          returning id
        ), queued as (
          insert into webhook_deliveries (tenant_id, endpoint_id, event_id)
          select ${tenantId}, wanted.id, event.id from wanted cross join event
          returning 1
        )
        select count(*)::int as n from queued`,
  );
  return row?.n ?? 0;
}
