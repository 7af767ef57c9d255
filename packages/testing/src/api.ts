// Test helpers for the API: tenants with keys and members, and callers that go through the same
// context (authentication, policy map, RLS transaction) as HTTP requests do.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createCaller, createContext, type CreateContextOptions } from "@frontdesk/api";
import {
  apiKeys,
  hashApiKey,
  insertApiKey,
  memberships,
  provisionTenant,
  users,
  type ApiKeyScope,
  type Database,
  type Role,
} from "@frontdesk/db";

/** Availability rules for every weekday from `start` to `end`: the whole day unless told otherwise. */
export function everyDay(
  start = "00:00",
  end = "24:00",
): { weekday: number; start: string; end: string }[] {
  return [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start, end }));
}

export interface TestTenant {
  tenantId: string;
  ownerUserId: string;
  /** An API key with the `admin` scope. */
  adminKey: string;
}

export async function createTenantWithKey(
  database: Database,
  options: { timeZone?: string; plan?: "free" | "pro" | "enterprise" } = {},
): Promise<TestTenant> {
  const suffix = randomUUID().slice(0, 8);
  const t = await provisionTenant(database.db, {
    name: `Tenant ${suffix}`,
    slug: `t-${suffix}`,
    timeZone: options.timeZone ?? "UTC",
    plan: options.plan ?? "pro",
    ownerEmail: `owner-${suffix}@example.com`,
    apiKey: { name: "test admin", scopes: ["admin"] },
  });
  if (!t.apiKey) throw new Error("no key");
  return { tenantId: t.tenantId, ownerUserId: t.ownerUserId, adminKey: t.apiKey.secret };
}

export async function createKey(
  database: Database,
  tenantId: string,
  scopes: ApiKeyScope[],
): Promise<string> {
  const key = await insertApiKey(database.db, { tenantId, name: "test key", scopes });
  return key.secret;
}

/** The id of the API key with this secret (read as the owner). */
export async function keyIdOf(database: Database, secret: string): Promise<string> {
  const [row] = await database.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hashApiKey(secret)));
  if (!row) throw new Error("no such key");
  return row.id;
}

export async function createMember(
  database: Database,
  tenantId: string,
  role: Role,
): Promise<string> {
  const [user] = await database.db
    .insert(users)
    .values({ email: `${role}-${randomUUID()}@example.com`, emailVerified: new Date() })
    .returning({ id: users.id });
  if (!user) throw new Error("no user");
  await database.db.insert(memberships).values({ tenantId, userId: user.id, role });
  return user.id;
}

export type TestAuth = { apiKey: string } | { userId: string; tenantId: string } | null;

/** A tRPC caller authenticated like an HTTP request would be. */
export async function callerFor(
  database: Database,
  auth: TestAuth,
  extra: Partial<CreateContextOptions> = {},
) {
  const headers = new Headers();
  let session: CreateContextOptions["session"] = null;
  if (auth && "apiKey" in auth) headers.set("authorization", `Bearer ${auth.apiKey}`);
  else if (auth) {
    session = { userId: auth.userId };
    headers.set("x-frontdesk-tenant", auth.tenantId);
  }
  // Tests call far more often than a person would.
  return createCaller(
    await createContext({
      database,
      headers,
      session,
      rateLimits: { perApiKey: 1_000_000, perUser: 1_000_000 },
      ...extra,
    }),
  );
}
