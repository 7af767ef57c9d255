// Webhook endpoints of a tenant (admins), their deliveries, replays and test events. Everything runs
// in the request's RLS transaction: another tenant's endpoint or delivery is NOT_FOUND like a missing one.
import { randomBytes, randomUUID } from "node:crypto";
import { detectPhi } from "@frontdesk/phi";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  webhookEvents,
  type Db,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { keyset, toPage, type Page } from "../pagination";
import { gateOptional } from "../phi-gate";
import { WEBHOOK_TEST_EVENT_TYPE, webhookTestEvent } from "./events";
import type {
  CreateEndpointInput,
  EndpointIdInput,
  EndpointWithSecret,
  ListDeliveriesInput,
  ListEndpointsInput,
  ReplayInput,
  RotateSecretInput,
  SendTestInput,
  UpdateEndpointInput,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
} from "./schemas";

/** Endpoints a tenant may have: each costs deliveries on every change. */
export const MAX_ENDPOINTS_PER_TENANT = 20;
const REPLAY_WINDOW_DAYS = 30;
/** Deliveries one `replay since` may queue. */
const MAX_REPLAY = 1000;

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * An endpoint URL is the tenant's own system's address, stored and shown as given, so it must not
 * carry PHI: its path, query and fragment are read as words (the address itself is a URL finding by
 * definition and is ignored) and any other finding refuses it.
 */
function assertUrlHasNoPhi(raw: string): void {
  const url = new URL(raw);
  let text = `${url.pathname} ${url.search} ${url.hash}`;
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw text: malformed escapes are read as they are
  }
  const findings = detectPhi(text.replace(/[/?&=#+_]/g, " ")).filter(
    (f) => f.type !== "URL" && f.type !== "IP_ADDRESS",
  );
  if (findings.length > 0) {
    const types = [...new Set(findings.map((f) => f.type))].join(", ");
    throw new AppError(
      "BAD_REQUEST",
      `The URL looks like it contains PHI (${types}); use an address without patient data`,
    );
  }
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    secretHint: `${row.secret.slice(0, 10)}…`,
    previousSecretExpiresAt: row.previousSecret ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const endpointNotFound = () => new AppError("NOT_FOUND", "No webhook endpoint with this id");

async function findEndpoint(db: Db, actor: Actor, id: string, lock = false): Promise<EndpointRow> {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw endpointNotFound();
  return row;
}

export async function createWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: CreateEndpointInput,
): Promise<EndpointWithSecret> {
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, actor.tenantId));
  if ((count?.n ?? 0) >= MAX_ENDPOINTS_PER_TENANT) {
    throw new AppError(
      "BAD_REQUEST",
      `A tenant can have at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first`,
    );
  }
  assertUrlHasNoPhi(input.url);
  const id = randomUUID();
  const description = await gateOptional(
    db,
    actor,
    { table: "webhook_endpoints", field: "description", rowId: id },
    input.description || null,
  );
  const secret = newSigningSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id,
      tenantId: actor.tenantId,
      url: input.url,
      description,
      eventTypes: input.events ?? null,
      secret,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { ...toEndpoint(row), secret };
}

export async function listWebhookEndpoints(
  db: Db,
  actor: Actor,
  input: ListEndpointsInput,
): Promise<Page<WebhookEndpoint>> {
  const limit = input.limit ?? 50;
  const keys = keyset(webhookEndpoints.createdAt, webhookEndpoints.id, input);
  const rows = await db
    .select({ row: webhookEndpoints, cursor: keys.position })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), keys.after))
    .orderBy(...keys.orderBy)
    .limit(limit + 1);
  const page = toPage(rows, limit, (r) => ({ value: r.cursor, id: r.row.id }));
  return { items: page.items.map((r) => toEndpoint(r.row)), nextCursor: page.nextCursor };
}

export async function getWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: EndpointIdInput,
): Promise<WebhookEndpoint> {
  return toEndpoint(await findEndpoint(db, actor, input.id));
}

export async function updateWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: UpdateEndpointInput,
): Promise<WebhookEndpoint> {
  const current = await findEndpoint(db, actor, input.id, true);
  if (input.url !== undefined) assertUrlHasNoPhi(input.url);
  const description =
    input.description === undefined
      ? current.description
      : await gateOptional(
          db,
          actor,
          { table: "webhook_endpoints", field: "description", rowId: current.id },
          input.description || null,
        );
  const enabling = input.enabled === true && !current.enabled;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      url: input.url ?? current.url,
      description,
      eventTypes: input.events === undefined ? current.eventTypes : input.events,
      enabled: input.enabled ?? current.enabled,
      // Re-enabling starts a fresh failure clock and forgets why it was switched off.
      disabledReason: input.enabled === undefined ? current.disabledReason : null,
      failingSince: enabling ? null : current.failingSince,
    })
    .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, current.id)))
    .returning();
  if (!row) throw endpointNotFound();
  return toEndpoint(row);
}

export async function deleteWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: EndpointIdInput,
): Promise<WebhookEndpoint> {
  const current = await findEndpoint(db, actor, input.id, true);
  // Its deliveries and their attempts go with it (ON DELETE CASCADE); the events stay for the others.
  await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, current.id)));
  return toEndpoint(current);
}

/**
 * A new secret, shown once. The old one keeps signing beside it (receivers accept either) until the
 * overlap ends, so a receiver can switch without losing a delivery.
 */
export async function rotateWebhookSecret(
  db: Db,
  actor: Actor,
  input: RotateSecretInput,
): Promise<EndpointWithSecret> {
  const current = await findEndpoint(db, actor, input.id, true);
  const secret = newSigningSecret();
  const overlapHours = input.overlapHours ?? 24;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      secret,
      previousSecret: overlapHours > 0 ? current.secret : null,
      previousSecretExpiresAt:
        overlapHours > 0 ? sql`now() + make_interval(hours => ${overlapHours})` : null,
    })
    .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, current.id)))
    .returning();
  if (!row) throw endpointNotFound();
  return { ...toEndpoint(row), secret };
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookEvents.type,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastLatencyMs: webhookDeliveries.lastLatencyMs,
  lastResponse: webhookDeliveries.lastResponse,
  createdAt: webhookDeliveries.createdAt,
};

export async function listWebhookDeliveries(
  db: Db,
  actor: Actor,
  input: ListDeliveriesInput,
): Promise<Page<WebhookDelivery>> {
  const limit = input.limit ?? 50;
  const keys = keyset(webhookDeliveries.createdAt, webhookDeliveries.id, input);
  const rows = await db
    .select({ ...deliveryColumns, cursor: keys.position })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEvents,
      and(
        eq(webhookEvents.tenantId, webhookDeliveries.tenantId),
        eq(webhookEvents.id, webhookDeliveries.eventId),
      ),
    )
    .where(
      and(
        eq(webhookDeliveries.tenantId, actor.tenantId),
        input.endpointId ? eq(webhookDeliveries.endpointId, input.endpointId) : undefined,
        input.status ? eq(webhookDeliveries.status, input.status) : undefined,
        input.eventType ? eq(webhookEvents.type, input.eventType) : undefined,
        input.from ? gte(webhookDeliveries.createdAt, input.from) : undefined,
        input.to ? lt(webhookDeliveries.createdAt, input.to) : undefined,
        keys.after,
      ),
    )
    .orderBy(...keys.orderBy)
    .limit(limit + 1);
  const page = toPage(rows, limit, (r) => ({ value: r.cursor, id: r.id }));
  return {
    items: page.items.map(({ cursor: _cursor, ...delivery }) => delivery),
    nextCursor: page.nextCursor,
  };
}

export async function getWebhookDelivery(
  db: Db,
  actor: Actor,
  input: { id: string },
): Promise<WebhookDeliveryDetail> {
  const [row] = await db
    .select({ ...deliveryColumns, payload: webhookEvents.payload })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEvents,
      and(
        eq(webhookEvents.tenantId, webhookDeliveries.tenantId),
        eq(webhookEvents.id, webhookDeliveries.eventId),
      ),
    )
    .where(and(eq(webhookDeliveries.tenantId, actor.tenantId), eq(webhookDeliveries.id, input.id)));
  if (!row) throw new AppError("NOT_FOUND", "No webhook delivery with this id");
  const attemptLog = await db
    .select({
      attempt: webhookDeliveryAttempts.attempt,
      statusCode: webhookDeliveryAttempts.statusCode,
      latencyMs: webhookDeliveryAttempts.latencyMs,
      response: webhookDeliveryAttempts.response,
      succeeded: webhookDeliveryAttempts.succeeded,
      createdAt: webhookDeliveryAttempts.createdAt,
    })
    .from(webhookDeliveryAttempts)
    .where(
      and(
        eq(webhookDeliveryAttempts.tenantId, actor.tenantId),
        eq(webhookDeliveryAttempts.deliveryId, row.id),
      ),
    )
    .orderBy(webhookDeliveryAttempts.attempt);
  return { ...row, attemptLog };
}

/**
 * Sends a delivery again, or every delivery of an endpoint since a time: each becomes pending and due
 * now, with a fresh retry schedule. The event (and its id, for receivers to deduplicate on) is the same.
 */
export async function replayWebhookDeliveries(
  db: Db,
  actor: Actor,
  input: ReplayInput,
): Promise<{ queued: number }> {
  if ("id" in input) {
    const rows = await db
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
      .where(
        and(eq(webhookDeliveries.tenantId, actor.tenantId), eq(webhookDeliveries.id, input.id)),
      )
      .returning({ id: webhookDeliveries.id });
    if (rows.length === 0) throw new AppError("NOT_FOUND", "No webhook delivery with this id");
    return { queued: rows.length };
  }
  const endpoint = await findEndpoint(db, actor, input.endpointId);
  const since = input.since;
  const oldest = Date.now() - REPLAY_WINDOW_DAYS * 86_400_000;
  if (since.getTime() < oldest) {
    throw new AppError(
      "BAD_REQUEST",
      `Replays reach back ${REPLAY_WINDOW_DAYS} days at most; choose a later "since"`,
    );
  }
  const ids = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, actor.tenantId),
        eq(webhookDeliveries.endpointId, endpoint.id),
        gte(webhookDeliveries.createdAt, since),
      ),
    )
    .orderBy(webhookDeliveries.createdAt)
    .limit(MAX_REPLAY);
  const rows = await db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
    .where(
      and(eq(webhookDeliveries.tenantId, actor.tenantId), sql`${webhookDeliveries.id} in (${ids})`),
    )
    .returning({ id: webhookDeliveries.id });
  return { queued: rows.length };
}

/** Queues a `webhook.test` event to one endpoint (enabled or not), delivered like any other. */
export async function sendTestWebhook(
  db: Db,
  actor: Actor,
  input: SendTestInput,
): Promise<WebhookDelivery> {
  const endpoint = await findEndpoint(db, actor, input.endpointId);
  const eventId = randomUUID();
  const payload = webhookTestEvent.parse({
    id: eventId,
    type: WEBHOOK_TEST_EVENT_TYPE,
    createdAt: new Date().toISOString(),
    tenantId: actor.tenantId,
    data: {
      message: "A test event from Frontdesk: your endpoint is reachable and verifies signatures.",
    },
  });
  await db
    .insert(webhookEvents)
    .values({ id: eventId, tenantId: actor.tenantId, type: WEBHOOK_TEST_EVENT_TYPE, payload });
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({ tenantId: actor.tenantId, endpointId: endpoint.id, eventId })
    .returning();
  if (!delivery) throw new Error("insert returned no row");
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId,
    eventType: WEBHOOK_TEST_EVENT_TYPE,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    lastAttemptAt: delivery.lastAttemptAt,
    lastStatusCode: delivery.lastStatusCode,
    lastLatencyMs: delivery.lastLatencyMs,
    lastResponse: delivery.lastResponse,
    createdAt: delivery.createdAt,
  };
}
