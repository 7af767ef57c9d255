// A read by an API key this process has resolved before sends the key's resolution and count ahead
// of BEGIN on the transaction's connection and opens the transaction for the tenant the key had
// (PostgreSQL only). Whatever the guess, the answer is the one resolving the key first would give:
// revocation, expiry and scope changes take effect on the next call, every call is counted once,
// and the key's first call of a minute still records last_used_at.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, hashApiKey, queryRows, type Database } from "@frontdesk/db";
import { callerFor, createKey, createTenantWithKey, keyIdOf } from "@frontdesk/testing/api";
import {
  createTestDatabase,
  testBackend,
  testDatabaseUrl,
  testDirectDatabaseUrl,
} from "@frontdesk/testing/db";
import { codeOf } from "@frontdesk/testing/errors";

describe.skipIf(testBackend() !== "postgres")("reads by a key resolved before", () => {
  let database: Database;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ tenantId } = await createTenantWithKey(database));
  });
  afterAll(async () => {
    await database.close();
  });

  const list = async (key: string, perApiKey = 1_000_000) =>
    (
      await callerFor(database, { apiKey: key }, { rateLimits: { perApiKey, perUser: 1 } })
    ).bookings.resources.list({});

  const countOf = async (key: string) => {
    const id = await keyIdOf(database, key);
    const [row] = await queryRows<{ count: number }>(
      database.db,
      sql`select count from rate_limit_buckets where key = ${`key:${id}`} and window_start = date_trunc('minute', now())`,
    );
    return row?.count ?? 0;
  };

  it("are refused on the next call once the key is revoked or expired", async () => {
    for (const change of [sql`revoked_at = now()`, sql`expires_at = now() - interval '1 second'`]) {
      const key = await createKey(database, tenantId, ["bookings:read"]);
      await list(key);
      await list(key);
      await database.db.execute(
        sql`update api_keys set ${change} where secret_hash = ${hashApiKey(key)}`,
      );
      expect(await codeOf(list(key))).toBe("UNAUTHORIZED");
      expect(await codeOf(list(key))).toBe("UNAUTHORIZED");
    }
  });

  it("are refused once the key's scopes no longer allow the call, and allowed again after", async () => {
    const key = await createKey(database, tenantId, ["bookings:read"]);
    await list(key);
    await list(key);
    await database.db.execute(
      sql`update api_keys set scopes = '{orders:read}' where secret_hash = ${hashApiKey(key)}`,
    );
    expect(await codeOf(list(key))).toBe("FORBIDDEN");
    await database.db.execute(
      sql`update api_keys set scopes = '{bookings:read}' where secret_hash = ${hashApiKey(key)}`,
    );
    expect(await list(key)).toMatchObject({ items: [] });
  });

  it("count every call once, refused ones included, and refuse past the limit", async () => {
    const key = await createKey(database, tenantId, ["bookings:read"]);
    // Start early in a one-minute window so all calls fall into one.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 50_000)
      await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(list(key, 4)));
    expect(codes).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      "TOO_MANY_REQUESTS",
      "TOO_MANY_REQUESTS",
    ]);
    expect(await countOf(key)).toBe(6);
  });

  it("record last_used_at on the key's first call of a minute", async () => {
    const key = await createKey(database, tenantId, ["bookings:read"]);
    await list(key);
    await list(key);
    const id = await keyIdOf(database, key);
    // As if a new minute had begun since: no count yet, and a last use long ago.
    await database.db.execute(sql`delete from rate_limit_buckets where key = ${`key:${id}`}`);
    await database.db.execute(
      sql`update api_keys set last_used_at = now() - interval '1 hour' where id = ${id}`,
    );
    expect(await list(key)).toMatchObject({ items: [] });
    const [row] = await queryRows<{ recent: boolean }>(
      database.db,
      sql`select last_used_at > now() - interval '1 minute' as recent from api_keys where id = ${id}`,
    );
    expect(row?.recent).toBe(true);
    expect(await countOf(key)).toBe(1);
  });

  it("send the key's statement ahead of BEGIN on the transaction's connection", async () => {
    const statements: string[] = [];
    const watched = await createDb({
      url: testDatabaseUrl(),
      directUrl: testDirectDatabaseUrl(),
      max: 2,
      onQuery: (query) => statements.push(query.trim().split(/\s+/).slice(0, 2).join(" ")),
    });
    try {
      const key = await createKey(database, tenantId, ["bookings:read"]);
      const call = async () =>
        (await callerFor(watched, { apiKey: key })).bookings.resources.list({});
      await call();
      await call();
      statements.length = 0;
      await call();
      // (The previous call's COMMIT, sent after its answer, may come first.)
      const at = statements.indexOf("with r");
      expect(at).toBeGreaterThanOrEqual(0);
      expect(statements.slice(at, at + 3)).toEqual([
        "with r",
        "begin",
        "select set_config('app.tenant_id',",
      ]);
    } finally {
      await watched.close();
    }
  });

  it("never answer with another tenant's rows, whatever was guessed", async () => {
    const other = await createTenantWithKey(database);
    const key = await createKey(database, other.tenantId, ["bookings:read"]);
    const mine = await callerFor(database, {
      apiKey: (await createTenantWithKey(database)).adminKey,
    });
    await mine.bookings.resources.create({
      name: `R ${randomUUID().slice(0, 6)}`,
      timeZone: "UTC",
      slotMinutes: 30,
      availability: [],
    });
    await list(key);
    expect((await list(key)).items).toEqual([]);
  });
});
