// The tenant procedure: authentication, the policy map, RLS transaction, audit and rate limiting.
import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, outbox, queryRows, type Database } from "@frontdesk/db";
import { createKey, createMember, type TestAuth, type TestTenant } from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { AppError } from "./errors";
import { POLICY } from "./policy";
import { createCallerFactory, createContext, requestIdFrom, router, tenantProcedure } from "./trpc";

const probe = router({
  probe: router({
    read: tenantProcedure.query(async ({ ctx }) => {
      const rows = await queryRows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from outbox`,
      );
      return { actor: ctx.actor, visible: rows[0]?.n ?? -1 };
    }),
    write: tenantProcedure
      .input(z.object({ kind: z.string().max(50), fail: z.boolean().default(false) }))
      .mutation(async ({ ctx, input }) => {
        const [row] = await ctx.db
          .insert(outbox)
          .values({ tenantId: ctx.actor.tenantId, kind: input.kind })
          .returning({ id: outbox.id });
        if (input.fail) throw new AppError("PRECONDITION_FAILED", "asked to fail");
        return { id: row?.id ?? "" };
      }),
    unruled: tenantProcedure.query(() => "never"),
    // A query that tries to write: the READ ONLY transaction must refuse it, whatever the code does.
    sneakyWrite: tenantProcedure.query(async ({ ctx }) => {
      await ctx.db
        .insert(outbox)
        .values({ tenantId: ctx.actor.tenantId, kind: "written-by-a-query" });
      return "wrote";
    }),
  }),
});
const createProbeCaller = createCallerFactory(probe);

let database: Database;
let a: TestTenant;
let b: TestTenant;
useTwoTenants((t) => ({ database, a, b } = t));

beforeAll(async () => {
  POLICY["probe.read"] = { role: "viewer", scope: "bookings:read" };
  POLICY["probe.write"] = { role: "member", scope: "bookings:write" };
  POLICY["probe.sneakyWrite"] = { role: "viewer", scope: "bookings:read" };
  await database.db.insert(outbox).values({ tenantId: b.tenantId, kind: "b-only" });
});

afterAll(async () => {
  delete POLICY["probe.read"];
  delete POLICY["probe.write"];
  delete POLICY["probe.sneakyWrite"];
});

async function caller(auth: TestAuth, rateLimits = { perApiKey: 1_000_000, perUser: 1_000_000 }) {
  const headers = new Headers();
  let session = null;
  if (auth && "apiKey" in auth) headers.set("authorization", `Bearer ${auth.apiKey}`);
  else if (auth) {
    session = { userId: auth.userId };
    headers.set("x-frontdesk-tenant", auth.tenantId);
  }
  return createProbeCaller(await createContext({ database, headers, session, rateLimits }));
}

describe("tenantProcedure", () => {
  it("refuses calls without credentials, with a malformed or unknown key, and a procedure with no rule", async () => {
    expect(await codeOf((await caller(null)).probe.read())).toBe("UNAUTHORIZED");
    expect(await codeOf((await caller({ apiKey: "nope" })).probe.read())).toBe("UNAUTHORIZED");
    expect(
      await codeOf(
        (await caller({ apiKey: `fd_${"a".repeat(12)}_${"b".repeat(32)}` })).probe.read(),
      ),
    ).toBe("UNAUTHORIZED");
    expect(await codeOf((await caller({ apiKey: a.adminKey })).probe.unruled())).toBe("FORBIDDEN");
  });

  it("checks API key scopes: a read key cannot write, admin can do everything", async () => {
    const readKey = await createKey(database, a.tenantId, ["bookings:read"]);
    expect((await (await caller({ apiKey: readKey })).probe.read()).actor.type).toBe("api_key");
    expect(await codeOf((await caller({ apiKey: readKey })).probe.write({ kind: "x" }))).toBe(
      "FORBIDDEN",
    );
    await expect(
      (await caller({ apiKey: a.adminKey })).probe.write({ kind: "x" }),
    ).resolves.toHaveProperty("id");
  });

  it("checks a user's membership and role in the chosen tenant", async () => {
    const viewer = await createMember(database, a.tenantId, "viewer");
    const member = await createMember(database, a.tenantId, "member");
    expect(
      (await (await caller({ userId: viewer, tenantId: a.tenantId })).probe.read()).actor.role,
    ).toBe("viewer");
    expect(
      await codeOf(
        (await caller({ userId: viewer, tenantId: a.tenantId })).probe.write({ kind: "x" }),
      ),
    ).toBe("FORBIDDEN");
    await expect(
      (await caller({ userId: member, tenantId: a.tenantId })).probe.write({ kind: "x" }),
    ).resolves.toHaveProperty("id");
    // A member of A choosing tenant B is not a member there.
    expect(
      await codeOf((await caller({ userId: member, tenantId: b.tenantId })).probe.read()),
    ).toBe("FORBIDDEN");
  });

  it("runs inside the caller's tenant only", async () => {
    const result = await (await caller({ apiKey: a.adminKey })).probe.read();
    const [inA] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from outbox where tenant_id = ${a.tenantId}`,
    );
    expect(result.visible).toBe(inA?.n);
  });

  it("writes an audit row for a mutation in the same transaction, and nothing at all when it fails", async () => {
    const c = await caller({ apiKey: a.adminKey });
    const { id } = await c.probe.write({ kind: "audited" });
    const audit = await queryRows<{
      action: string;
      target_id: string;
      actor_type: string;
      request_id: string;
    }>(
      database.db,
      sql`select action, target_id, actor_type, request_id from audit_log where tenant_id = ${a.tenantId} and target_id = ${id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "probe.write", target_id: id, actor_type: "api_key" });

    const before = await queryRows<{ o: number; l: number }>(
      database.db,
      sql`select (select count(*)::int from outbox where tenant_id = ${a.tenantId}) as o, (select count(*)::int from audit_log where tenant_id = ${a.tenantId}) as l`,
    );
    expect(await codeOf(c.probe.write({ kind: "rolled-back", fail: true }))).toBe(
      "PRECONDITION_FAILED",
    );
    const after = await queryRows<{ o: number; l: number }>(
      database.db,
      sql`select (select count(*)::int from outbox where tenant_id = ${a.tenantId}) as o, (select count(*)::int from audit_log where tenant_id = ${a.tenantId}) as l`,
    );
    expect(after).toEqual(before);
  });

  it("rate-limits per key with TOO_MANY_REQUESTS and a retry-after", async () => {
    const key = await createKey(database, a.tenantId, ["bookings:read"]);
    const c = await caller({ apiKey: key }, { perApiKey: 3, perUser: 3 });
    await c.probe.read();
    await c.probe.read();
    await c.probe.read();
    const error = await c.probe.read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect(((error as TRPCError).cause as AppError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("counts every call of a countCallsOnce context (a page render) as one against the user's limit", async () => {
    const rateLimits = { perApiKey: 2, perUser: 2 };
    const callerFor = async (userId: string, countCallsOnce: boolean) => {
      const headers = new Headers({ "x-frontdesk-tenant": a.tenantId });
      const session = { userId };
      return createProbeCaller(
        await createContext({ database, headers, session, rateLimits, countCallsOnce }),
      );
    };
    const minute = () => Math.floor(Date.now() / 60_000);
    // Counts restart with each minute's window: a run that straddles two is run again.
    for (;;) {
      const started = minute();
      // One render's five prefetches, concurrent as a page issues them: one call against a limit of 2.
      const render = await callerFor(await createMember(database, a.tenantId, "viewer"), true);
      const reads = await Promise.all(Array.from({ length: 5 }, () => codeOf(render.probe.read())));
      // A second render in the same minute is the second call; a third is refused, every query of it.
      const viewer = await createMember(database, a.tenantId, "viewer");
      const renders = [];
      for (let i = 0; i < 3; i++) {
        const page = await callerFor(viewer, true);
        renders.push([await codeOf(page.probe.read()), await codeOf(page.probe.read())]);
      }
      // Without it (an HTTP batch), each call counts.
      const batch = await callerFor(await createMember(database, a.tenantId, "viewer"), false);
      const batched = [];
      for (let i = 0; i < 3; i++) batched.push(await codeOf(batch.probe.read()));
      if (minute() !== started) continue;
      expect(reads).toEqual(Array(5).fill(undefined));
      expect(renders).toEqual([
        [undefined, undefined],
        [undefined, undefined],
        ["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"],
      ]);
      expect(batched).toEqual([undefined, undefined, "TOO_MANY_REQUESTS"]);
      return;
    }
  });

  it("reads a member's role once per countCallsOnce context (a page render), each call otherwise", async () => {
    const callerFor = async (userId: string, countCallsOnce: boolean) =>
      createProbeCaller(
        await createContext({
          database,
          headers: new Headers({ "x-frontdesk-tenant": a.tenantId }),
          session: { userId },
          countCallsOnce,
        }),
      );
    const removed = async (userId: string) =>
      database.db.delete(memberships).where(eq(memberships.userId, userId));
    // A render's calls take the role its first call read, as one request would: the membership
    // removed in between does not cut the render off halfway…
    const rendering = await createMember(database, a.tenantId, "viewer");
    const render = await callerFor(rendering, true);
    const first = await codeOf(render.probe.read());
    await removed(rendering);
    const rest = await Promise.all([codeOf(render.probe.read()), codeOf(render.probe.read())]);
    // …and the next render reads it afresh.
    const next = await codeOf((await callerFor(rendering, true)).probe.read());
    expect([first, ...rest, next]).toEqual([undefined, undefined, undefined, "FORBIDDEN"]);
    // Without it (an HTTP batch), every call reads the role itself.
    const batched = await createMember(database, a.tenantId, "viewer");
    const batch = await callerFor(batched, false);
    const before = await codeOf(batch.probe.read());
    await removed(batched);
    expect([before, await codeOf(batch.probe.read())]).toEqual([undefined, "FORBIDDEN"]);
  });

  it("runs a query in a READ ONLY transaction: a write inside it fails and leaves nothing", async () => {
    const written = sql`select count(*)::int as n from outbox where kind = 'written-by-a-query'`;
    const key = await createKey(database, a.tenantId, ["bookings:read"]);
    const viewer = await createMember(database, a.tenantId, "viewer");
    // The key's first call of the minute stamps last_used_at (its one write); later calls are read-only.
    await (await caller({ apiKey: key })).probe.read();
    for (const auth of [{ apiKey: key }, { userId: viewer, tenantId: a.tenantId }]) {
      expect(await codeOf((await caller(auth)).probe.sneakyWrite())).toBe("INTERNAL_SERVER_ERROR");
    }
    expect((await queryRows<{ n: number }>(database.db, written))[0]?.n).toBe(0);
  });

  it("stamps a key's last_used_at on its first call, without a write on every call", async () => {
    const key = await createKey(database, a.tenantId, ["bookings:read"]);
    const lastUsed = async () =>
      (
        await queryRows<{ at: Date | string | null }>(
          database.db,
          sql`select last_used_at as at from api_keys where tenant_id = ${a.tenantId} and prefix = ${key.slice(0, 15)}`,
        )
      )[0]?.at;
    expect(await lastUsed()).toBeNull();
    const c = await caller({ apiKey: key });
    await c.probe.read();
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await c.probe.read();
    expect(String(await lastUsed())).toBe(String(first));
  });

  it("leaves nothing behind when the credentials fail while the transaction was already open", async () => {
    const before = await queryRows<{ o: number; l: number }>(
      database.db,
      // Scoped to the tenant: other test files write to the same database meanwhile.
      sql`select (select count(*)::int from outbox where tenant_id = ${a.tenantId}::uuid) as o,
                 (select count(*)::int from audit_log where tenant_id = ${a.tenantId}::uuid) as l`,
    );
    const readKey = await createKey(database, a.tenantId, ["bookings:read"]);
    const results = await Promise.all([
      codeOf((await caller({ apiKey: readKey })).probe.write({ kind: "never" })),
      codeOf(
        (await caller({ apiKey: `fd_${"c".repeat(12)}_${"d".repeat(32)}` })).probe.write({
          kind: "never",
        }),
      ),
      codeOf((await caller({ apiKey: readKey }, { perApiKey: 0, perUser: 0 })).probe.read()),
    ]);
    expect(results).toEqual(["FORBIDDEN", "UNAUTHORIZED", "TOO_MANY_REQUESTS"]);
    const after = await queryRows<{ o: number; l: number }>(
      database.db,
      sql`select (select count(*)::int from outbox where tenant_id = ${a.tenantId}::uuid) as o,
                 (select count(*)::int from audit_log where tenant_id = ${a.tenantId}::uuid) as l`,
    );
    expect(after).toEqual(before);
  });

  it("refuses a revoked key", async () => {
    const key = await createKey(database, a.tenantId, ["bookings:read"]);
    await database.db.execute(
      sql`update api_keys set revoked_at = now() where tenant_id = ${a.tenantId} and revoked_at is null and scopes = array['bookings:read']`,
    );
    expect(await codeOf((await caller({ apiKey: key })).probe.read())).toBe("UNAUTHORIZED");
  });
});

describe("requestIdFrom", () => {
  const id = (value: string) => requestIdFrom(new Headers({ "x-request-id": value }));

  it("keeps a caller's UUID or opaque token", () => {
    expect(id("3f2c9a6e-1b7d-4c8e-9f10-2a3b4c5d6e7f")).toBe("3f2c9a6e-1b7d-4c8e-9f10-2a3b4c5d6e7f");
    expect(id("req_AbCdEfGhIjKlMnOp")).toBe("req_AbCdEfGhIjKlMnOp");
  });

  it("replaces ids that could carry an identifier (SSN, card, phone) or junk", () => {
    for (const bad of [
      "521-73-4190",
      "req-521-73-4190-abcdef",
      "4111111111111111",
      "a" + "5".repeat(20),
      "short",
      "has space in it ok",
      "x".repeat(200),
    ]) {
      const got = id(bad);
      expect(got, bad).not.toBe(bad);
      expect(got).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
