// The keyset pagination every list shares (pagination.ts), through the real router: a cursor that is
// not one the API handed out is BAD_REQUEST on every list (never a failed cast), and paging stays
// exact when rows arrive between pages or share one timestamp.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@frontdesk/db";
import { callerFor, createKey, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { createTestDatabase } from "@frontdesk/testing/db";
import { codeOf } from "@frontdesk/testing/errors";

type Caller = Awaited<ReturnType<typeof callerFor>>;

let database: Database;
let tenant: TestTenant;
let owner: Caller;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database);
  owner = await callerFor(database, { userId: tenant.ownerUserId, tenantId: tenant.tenantId });
});

afterAll(async () => {
  await database.close();
});

const encode = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");
const INSTANT = "2026-03-05T10:00:00.123456Z";

const BAD_CURSORS: Record<string, string> = {
  "not base64 JSON": "garbage",
  "not a pair": encode([INSTANT]),
  "not strings": encode([1, 2]),
  "an id that is not a UUID": encode([INSTANT, "nope"]),
  "a value that is not an instant": encode(["nope", randomUUID()]),
  "an instant that does not exist": encode(["2026-13-45T99:00:00.000000Z", randomUUID()]),
  "an instant in another format": encode(["2026-03-05 10:00:00+00", randomUUID()]),
  "SQL in the value": encode([`${INSTANT}'::timestamptz); drop table bookings; --`, randomUUID()]),
};

const LISTS: Record<string, (c: Caller, cursor: string) => Promise<unknown>> = {
  "apiKeys.list": (c, cursor) => c.apiKeys.list({ cursor }),
  "audit.list": (c, cursor) => c.audit.list({ cursor }),
  "members.list": (c, cursor) => c.members.list({ cursor }),
  "members.listInvitations": (c, cursor) => c.members.listInvitations({ cursor }),
  "orders.list": (c, cursor) => c.orders.list({ cursor }),
  "bookings.list": (c, cursor) => c.bookings.list({ cursor }),
  "bookings.list (asc)": (c, cursor) => c.bookings.list({ cursor, order: "asc" }),
  "bookings.resources.list": (c, cursor) => c.bookings.resources.list({ cursor }),
  "scores.list": (c, cursor) => c.scores.list({ cursor }),
  "phiEvents.list": (c, cursor) => c.phiEvents.list({ cursor }),
  "webhooks.endpoints.list": (c, cursor) => c.webhooks.endpoints.list({ cursor }),
  "webhooks.deliveries.list": (c, cursor) => c.webhooks.deliveries.list({ cursor }),
};

describe("keyset cursors", () => {
  for (const [list, call] of Object.entries(LISTS)) {
    it(`${list} refuses every forged cursor with BAD_REQUEST`, async () => {
      const codes: Record<string, string | undefined> = {};
      for (const [what, cursor] of Object.entries(BAD_CURSORS)) {
        codes[what] = await codeOf(call(owner, cursor));
      }
      expect(codes).toEqual(
        Object.fromEntries(Object.keys(BAD_CURSORS).map((w) => [w, "BAD_REQUEST"])),
      );
    });
  }

  it("accepts a well-formed cursor that points past every row: an empty last page", async () => {
    const past = encode(["1970-01-01T00:00:00.000000Z", randomUUID()]);
    expect(await owner.apiKeys.list({ cursor: past })).toEqual({ items: [], nextCursor: null });
  });
});

describe("paging", () => {
  it("is stable when rows are inserted between pages: every row once, in order, none of the new ones", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { userId: t.ownerUserId, tenantId: t.tenantId });
    for (let i = 0; i < 5; i++) await createKey(database, t.tenantId, ["bookings:read"]);
    const before = (await c.apiKeys.list({})).items.map((k) => k.id);
    expect(before).toHaveLength(6);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const p = await c.apiKeys.list({ limit: 2, cursor });
      seen.push(...p.items.map((k) => k.id));
      // Newer keys arrive while the client pages (newest first: they sort before the cursor).
      await createKey(database, t.tenantId, ["bookings:read"]);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(before);
  });

  it("breaks ties on the sort key by id: rows written in one transaction page without gaps or repeats", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { userId: t.ownerUserId, tenantId: t.tenantId });
    // Seven audit rows with one created_at, as one transaction writes them.
    await database.db.execute(
      sql`insert into audit_log (tenant_id, actor_type, action, created_at)
          select ${t.tenantId}::uuid, 'system', 'test.tie', '2026-03-05T10:00:00.123456Z'::timestamptz
          from generate_series(1, 7)`,
    );
    const all = (await c.audit.list({ action: "test.tie" })).items.map((e) => e.id);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const p = await c.audit.list({ action: "test.tie", limit: 3, cursor });
      seen.push(...p.items.map((e) => e.id));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(all);
  });
});
