// API keys of the tenant: list (never the secret or its hash), create and rotate (the secret is
// returned once), revoke. A rotated key keeps working until its grace period ends; actor.ts refuses
// it afterwards. Revoking a key also ends the grace period of every key it replaced: otherwise
// revoking a leaked replacement would leave its (equally exposed) predecessor working.
import { eq, sql } from "drizzle-orm";
import { apiKeys, insertApiKey, queryRows, type ApiKeyScope, type Db } from "@frontdesk/db";
import type { z } from "zod";
import type { Actor } from "../../actor";
import { writeAudit, type RequestInfo } from "../../audit";
import { AppError } from "../../errors";
import { gateText } from "../../phi-gate";
import { keyset, toPage, type Page } from "../../pagination";
import { emitWebhookEvent } from "../../webhooks/emit";
import type {
  ApiKey,
  CreateApiKeyInput,
  CreatedApiKey,
  listApiKeysInput,
  RevokeApiKeyInput,
  RotatedApiKey,
  rotateApiKeyInput,
} from "./schemas";

const DAY_MS = 24 * 3600 * 1000;

/** Everything a list may show: deliberately not `secretHash`. */
const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  rotatedToId: apiKeys.rotatedToId,
  graceExpiresAt: apiKeys.graceExpiresAt,
  createdBy: apiKeys.createdBy,
};

const notFound = () => new AppError("NOT_FOUND", "No API key with this id");

export async function listApiKeys(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listApiKeysInput>,
): Promise<Page<ApiKey>> {
  const keys = keyset(apiKeys.createdAt, apiKeys.id, input);
  const rows = await db
    .select({ ...columns, position: keys.position })
    .from(apiKeys)
    .where(keys.after)
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  return {
    items: page.items.map(({ position: _position, ...key }) => key),
    nextCursor: page.nextCursor,
  };
}

async function byId(db: Db, id: string): Promise<ApiKey> {
  const [row] = await db.select(columns).from(apiKeys).where(eq(apiKeys.id, id));
  if (!row) throw notFound();
  return row;
}

/** A key acting for itself may hand out only scopes it holds (`admin` holds them all). */
function assertGrantable(actor: Actor, scopes: readonly ApiKeyScope[]): void {
  if (actor.type !== "api_key") return;
  const own = actor.scopes ?? [];
  if (own.includes("admin")) return;
  const missing = scopes.filter((s) => !own.includes(s));
  if (missing.length > 0) {
    throw new AppError(
      "FORBIDDEN",
      `This API key cannot grant scopes it does not have: ${missing.join(", ")}`,
    );
  }
}

export async function createApiKey(
  db: Db,
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  assertGrantable(actor, input.scopes);
  const key = await insertApiKey(db, {
    tenantId: actor.tenantId,
    // Shown to every admin and in the audit trail: the tenant's text, so it passes the gate.
    name: await gateText(db, actor, { table: "api_keys", field: "name" }, input.name),
    scopes: input.scopes,
    expiresAt:
      input.expiresInDays === undefined
        ? undefined
        : new Date(Date.now() + input.expiresInDays * DAY_MS),
    createdBy: (await accountableUserId(db, actor)) ?? undefined,
  });
  const created = await byId(db, key.id);
  await emitKeyEvent(db, actor.tenantId, "api_key.created", created);
  return { ...created, secret: key.secret };
}

/** An `api_key.*` webhook event: the key's public description, never its secret or hash. */
async function emitKeyEvent(
  db: Db,
  tenantId: string,
  type: "api_key.created" | "api_key.revoked",
  key: Pick<ApiKey, "id" | "name" | "prefix" | "scopes">,
): Promise<void> {
  await emitWebhookEvent(db, tenantId, type, {
    apiKey: { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes },
  });
}

/**
 * The person a new key or invitation is attributed to: the signed-in user, or — for an API key —
 * the user accountable for that key. So a key (or invitation) made through a key falls with its
 * creator when that person leaves the tenant, instead of outliving them unattributed.
 */
export async function accountableUserId(db: Db, actor: Actor): Promise<string | null> {
  if (actor.type === "user") return actor.userId;
  const [row] = await db
    .select({ createdBy: apiKeys.createdBy })
    .from(apiKeys)
    .where(eq(apiKeys.id, actor.id));
  return row?.createdBy ?? null;
}

export type RevokedKey = {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  /** Revoked because a key that replaced it (by rotation) was revoked, not named by the caller. */
  predecessor: boolean;
};

/**
 * Revokes the named keys (those not revoked yet) and, through the rotation chain, every key they
 * replaced that still works in its grace period. Returns what this call revoked.
 */
export async function revokeWithPredecessors(
  db: Db,
  ids: readonly string[],
): Promise<RevokedKey[]> {
  if (ids.length === 0) return [];
  const named = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<RevokedKey>(
    db,
    sql`with recursive chain(id) as (
          select k.id from api_keys k where k.id in (${named})
          union
          select k.id from api_keys k join chain c on k.rotated_to_id = c.id
        )
        update api_keys k set revoked_at = now()
        from chain
        where k.id = chain.id
          and k.revoked_at is null
          and (k.id in (${named}) or k.grace_expires_at is null or k.grace_expires_at > now())
        returning k.id, k.tenant_id as "tenantId", k.name, k.prefix, k.scopes,
          not (k.id in (${named})) as predecessor`,
  );
  // Every path that revokes (revoke, rotate with revokePrevious, a member's removal) comes here, so
  // receivers hear of each key once, in the transaction that revoked it.
  for (const key of rows) await emitKeyEvent(db, key.tenantId, "api_key.revoked", key);
  return rows;
}

/** Audit rows for keys revoked on the way (the procedure's own row covers the key it names). */
export async function auditRevokedKeys(
  db: Db,
  actor: Actor,
  request: RequestInfo,
  revoked: readonly RevokedKey[],
  metadata: Record<string, string | number | boolean | null>,
): Promise<void> {
  for (const key of revoked) {
    await writeAudit(db, actor, request, {
      action: key.predecessor ? "apiKeys.revoke.predecessor" : "apiKeys.revoke",
      targetType: "api_key",
      targetId: key.id,
      metadata,
    });
  }
}

/** Idempotent: revoking a revoked key returns it unchanged (its predecessors still lose their grace). */
export async function revokeApiKey(
  db: Db,
  actor: Actor,
  input: RevokeApiKeyInput,
  request: RequestInfo,
): Promise<ApiKey> {
  const key = await byId(db, input.id);
  const revoked = await revokeWithPredecessors(db, [key.id]);
  await auditRevokedKeys(
    db,
    actor,
    request,
    revoked.filter((k) => k.predecessor),
    { replacementId: key.id },
  );
  return byId(db, key.id);
}

/**
 * A new key with the old one's name and scopes (and, if it expires, the same lifetime from now). The
 * old key points at its replacement and keeps working for `graceMinutes`. Locks the old key, so two
 * concurrent rotations cannot both succeed.
 */
export async function rotateApiKey(
  db: Db,
  actor: Actor,
  input: z.output<typeof rotateApiKeyInput>,
  request: RequestInfo,
  now = new Date(),
): Promise<RotatedApiKey> {
  const [old] = await db
    .select(columns)
    .from(apiKeys)
    .where(eq(apiKeys.id, input.id))
    .for("update");
  if (!old) throw notFound();
  if (old.revokedAt)
    throw new AppError("CONFLICT", "This API key is revoked; create a new key instead");
  if (old.rotatedToId)
    throw new AppError(
      "CONFLICT",
      "This API key was already rotated; rotate its replacement instead",
    );
  if (old.expiresAt && old.expiresAt <= now)
    throw new AppError("CONFLICT", "This API key has expired; create a new key instead");
  assertGrantable(actor, old.scopes);

  const lifetimeMs = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
  const fresh = await insertApiKey(db, {
    tenantId: actor.tenantId,
    name: old.name,
    scopes: old.scopes,
    expiresAt: lifetimeMs === null ? undefined : new Date(now.getTime() + lifetimeMs),
    // Whoever rotates sees the new secret: they are accountable for it.
    createdBy: (await accountableUserId(db, actor)) ?? undefined,
  });
  await db
    .update(apiKeys)
    .set({
      rotatedToId: fresh.id,
      graceExpiresAt: input.revokePrevious
        ? now
        : new Date(now.getTime() + input.graceMinutes * 60_000),
    })
    .where(eq(apiKeys.id, old.id));
  if (input.revokePrevious) {
    const revoked = await revokeWithPredecessors(db, [old.id]);
    await auditRevokedKeys(db, actor, request, revoked, { replacementId: fresh.id });
  }
  const previous = await byId(db, old.id);
  const created = await byId(db, fresh.id);
  await emitKeyEvent(db, actor.tenantId, "api_key.created", created);
  return { ...created, secret: fresh.secret, previous };
}
