// API keys of the tenant: list (never the secret or its hash), create and rotate (the secret is
// returned once), revoke. A rotated key keeps working until its grace period ends; actor.ts refuses
// it afterwards.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiKeys, insertApiKey, type ApiKeyScope, type Db } from "@frontdesk/db";
import type { z } from "zod";
import type { Actor } from "../../actor";
import { AppError } from "../../errors";
import { decodeCursor, toPage, type Page } from "../../pagination";
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
};

const notFound = () => new AppError("NOT_FOUND", "No API key with this id");

export async function list(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listApiKeysInput>,
): Promise<Page<ApiKey>> {
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select({ ...columns, position: sql<string>`${apiKeys.createdAt}::text` })
    .from(apiKeys)
    .where(
      cursor
        ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`
        : undefined,
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
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

export async function create(
  db: Db,
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  assertGrantable(actor, input.scopes);
  const key = await insertApiKey(db, {
    tenantId: actor.tenantId,
    name: input.name,
    scopes: input.scopes,
    expiresAt:
      input.expiresInDays === undefined
        ? undefined
        : new Date(Date.now() + input.expiresInDays * DAY_MS),
    createdBy: actor.userId ?? undefined,
  });
  return { ...(await byId(db, key.id)), secret: key.secret };
}

/** Idempotent: revoking a revoked key returns it unchanged. */
export async function revoke(db: Db, _actor: Actor, input: RevokeApiKeyInput): Promise<ApiKey> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, input.id), isNull(apiKeys.revokedAt)))
    .returning(columns);
  return row ?? byId(db, input.id);
}

/**
 * A new key with the old one's name and scopes (and, if it expires, the same lifetime from now). The
 * old key points at its replacement and keeps working for `graceMinutes`. Locks the old key, so two
 * concurrent rotations cannot both succeed.
 */
export async function rotate(
  db: Db,
  actor: Actor,
  input: z.output<typeof rotateApiKeyInput>,
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
    createdBy: actor.userId ?? undefined,
  });
  const [previous] = await db
    .update(apiKeys)
    .set({
      rotatedToId: fresh.id,
      graceExpiresAt: new Date(now.getTime() + input.graceMinutes * 60_000),
    })
    .where(eq(apiKeys.id, old.id))
    .returning(columns);
  if (!previous) throw notFound();
  return { ...(await byId(db, fresh.id)), secret: fresh.secret, previous };
}
