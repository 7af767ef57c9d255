// scores: configs, recording with validation and idempotency, the rubric end to end, lists, summaries
// in the tenant's time zone, corrections — through the real caller (auth, policy, RLS transaction).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { errorOf } from "@frontdesk/testing/errors";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t));

const admin = (t: TestTenant) => callerFor(database, { apiKey: t.adminKey });

async function setCreatedAt(id: string, iso: string): Promise<void> {
  await database.db.execute(
    sql`update conversation_scores set created_at = ${iso}::timestamptz where id = ${id}`,
  );
}

async function usedScores(tenantId: string): Promise<number> {
  const [row] = await queryRows<{ used: number | string }>(
    database.db,
    sql`select coalesce(sum(used), 0)::int as used from usage_counters where tenant_id = ${tenantId} and metric = 'scores'`,
  );
  return Number(row?.used ?? 0);
}

describe("scores.configs", () => {
  it("validates configs with BAD_REQUEST", async () => {
    const api = await admin(a);
    const bad = [
      { name: "Bad Name", kind: "numeric" as const },
      { name: "range", kind: "numeric" as const, min: 5, max: 1 },
      { name: "cats", kind: "categorical" as const },
      { name: "cats", kind: "categorical" as const, categories: ["a", "a"] },
      {
        name: "cats",
        kind: "categorical" as const,
        categories: Array.from({ length: 51 }, (_, i) => `c${i}`),
      },
      { name: "flag", kind: "boolean" as const, min: 0 },
      { name: "num", kind: "numeric" as const, categories: ["a"] },
      { name: "x".repeat(101), kind: "boolean" as const },
      { name: "desc", kind: "boolean" as const, description: "d".repeat(1001) },
    ];
    for (const input of bad)
      expect((await errorOf(api.scores.configs.upsert(input))).code).toBe("BAD_REQUEST");
  });

  it("upserts, lists, archives and restores a config", async () => {
    const api = await admin(a);
    const created = await api.scores.configs.upsert({
      name: "cfg.helpful",
      kind: "numeric",
      min: 0,
      max: 10,
      description: "How helpful",
    });
    expect(created).toMatchObject({
      name: "cfg.helpful",
      kind: "numeric",
      min: 0,
      max: 10,
      categories: null,
      archivedAt: null,
    });
    const replaced = await api.scores.configs.upsert({
      name: "cfg.helpful",
      kind: "numeric",
      min: 1,
      max: 5,
    });
    expect(replaced).toMatchObject({ id: created.id, min: 1, max: 5, description: null });
    expect((await api.scores.configs.list()).map((c) => c.name)).toContain("cfg.helpful");

    const archived = await api.scores.configs.archive({ name: "cfg.helpful" });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await api.scores.configs.list()).map((c) => c.name)).not.toContain("cfg.helpful");
    expect((await api.scores.configs.list({ includeArchived: true })).map((c) => c.name)).toContain(
      "cfg.helpful",
    );
    const refused = await errorOf(
      api.scores.record({ sessionId: "s", name: "cfg.helpful", value: 3 }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/archived/);

    await api.scores.configs.upsert({ name: "cfg.helpful", kind: "numeric", min: 1, max: 5 });
    await expect(
      api.scores.record({ sessionId: "s", name: "cfg.helpful", value: 3 }),
    ).resolves.toMatchObject({ configId: created.id });
    expect((await errorOf(api.scores.configs.archive({ name: "cfg.nope" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses to change the kind of a config that has scores (CONFLICT), allows it before", async () => {
    const api = await admin(a);
    await api.scores.configs.upsert({ name: "cfg.kind", kind: "numeric" });
    await api.scores.configs.upsert({ name: "cfg.kind", kind: "boolean" });
    await api.scores.record({ sessionId: "s", name: "cfg.kind", value: true });
    const conflict = await errorOf(
      api.scores.configs.upsert({ name: "cfg.kind", kind: "numeric" }),
    );
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.message).toMatch(/kind cannot change/);
    // Same kind, other details: fine.
    await expect(
      api.scores.configs.upsert({ name: "cfg.kind", kind: "boolean", description: "yes/no" }),
    ).resolves.toMatchObject({ kind: "boolean" });
  });

  it("needs admin (user) or scores:write (key) to manage configs; viewers may list", async () => {
    const member = await createMember(database, a.tenantId, "member");
    const viewer = await createMember(database, a.tenantId, "viewer");
    const adminUser = await createMember(database, a.tenantId, "admin");
    const input = { name: "cfg.roles", kind: "boolean" as const };
    expect(
      (
        await errorOf(
          (
            await callerFor(database, { userId: member, tenantId: a.tenantId })
          ).scores.configs.upsert(input),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await expect(
      (await callerFor(database, { userId: viewer, tenantId: a.tenantId })).scores.configs.list(),
    ).resolves.toBeInstanceOf(Array);
    await expect(
      (
        await callerFor(database, { userId: adminUser, tenantId: a.tenantId })
      ).scores.configs.upsert(input),
    ).resolves.toHaveProperty("id");
    const readKey = await createKey(database, a.tenantId, ["scores:read"]);
    const writeKey = await createKey(database, a.tenantId, ["scores:write"]);
    expect(
      (await errorOf((await callerFor(database, { apiKey: readKey })).scores.configs.upsert(input)))
        .code,
    ).toBe("FORBIDDEN");
    await expect(
      (await callerFor(database, { apiKey: writeKey })).scores.configs.upsert(input),
    ).resolves.toHaveProperty("id");
    expect(
      (
        await errorOf(
          (await callerFor(database, { userId: viewer, tenantId: a.tenantId })).scores.record({
            sessionId: "s",
            name: "x",
            value: 1,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("scores.record", () => {
  it("validates the value against the config: kind, range, categories", async () => {
    const api = await admin(a);
    await api.scores.configs.upsert({ name: "rec.csat", kind: "numeric", min: 1, max: 5 });
    await api.scores.configs.upsert({
      name: "rec.intent",
      kind: "categorical",
      categories: ["booking", "billing"],
    });
    await api.scores.configs.upsert({ name: "rec.escalated", kind: "boolean" });

    const cases: [string, number | string | boolean, RegExp][] = [
      ["rec.csat", 7, /between 1 and 5/],
      ["rec.csat", 0.5, /between 1 and 5/],
      ["rec.csat", "five", /numeric.*number/],
      ["rec.intent", "weather", /one of .*booking, billing/],
      ["rec.intent", 1, /categorical/],
      ["rec.escalated", 1, /boolean.*true or false/],
    ];
    for (const [name, value, message] of cases) {
      const f = await errorOf(api.scores.record({ sessionId: "s1", name, value }));
      expect(f.code, `${name}=${String(value)}`).toBe("BAD_REQUEST");
      expect(f.message).toMatch(message);
    }
    await expect(
      api.scores.record({ sessionId: "s1", name: "rec.csat", value: 5 }),
    ).resolves.toMatchObject({ kind: "numeric", value: 5, source: "api" });
    await expect(
      api.scores.record({ sessionId: "s1", name: "rec.intent", value: "billing" }),
    ).resolves.toMatchObject({ kind: "categorical", value: "billing" });
    await expect(
      api.scores.record({ sessionId: "s1", name: "rec.escalated", value: false }),
    ).resolves.toMatchObject({ kind: "boolean", value: false });
  });

  it("infers the kind from the value without a config, and records the author", async () => {
    const api = await admin(a);
    const n = await api.scores.record({
      sessionId: "s2",
      name: "free.n",
      value: 0.25,
      comment: "ok",
      metadata: { model: "gpt", tags: ["a", { deep: "x" }] },
    });
    expect(n).toMatchObject({
      kind: "numeric",
      value: 0.25,
      configId: null,
      comment: "ok",
      metadata: { model: "gpt", tags: ["a", { deep: "x" }] },
    });
    expect(n.author?.type).toBe("api_key");
    await expect(
      api.scores.record({ sessionId: "s2", name: "free.b", value: true, source: "end_user" }),
    ).resolves.toMatchObject({ kind: "boolean", value: true, source: "end_user" });
    await expect(
      api.scores.record({ sessionId: "s2", name: "free.c", value: "good" }),
    ).resolves.toMatchObject({ kind: "categorical", value: "good" });
  });

  it("allows annotation scores from users only", async () => {
    const api = await admin(a);
    expect(
      (
        await errorOf(
          api.scores.record({ sessionId: "s3", name: "ann", value: 1, source: "annotation" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const member = await createMember(database, a.tenantId, "member");
    const score = await (
      await callerFor(database, { userId: member, tenantId: a.tenantId })
    ).scores.record({ sessionId: "s3", name: "ann", value: 1, source: "annotation" });
    expect(score).toMatchObject({ source: "annotation", author: { type: "user", id: member } });
  });

  it("bounds metadata: keys, depth, string length, no __proto__ / constructor", async () => {
    const api = await admin(a);
    const bad: unknown[] = [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
      { a: { b: { c: { d: 1 } } } },
      { a: [[["too deep"]]] },
      { s: "x".repeat(2001) },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      { nested: JSON.parse('{"constructor": 1}') as unknown },
      ["not", "an", "object"],
    ];
    for (const metadata of bad) {
      // The wire would carry any JSON: bypass the compile-time type on purpose.
      const input = { sessionId: "s4", name: "meta", value: 1, metadata } as unknown as Parameters<
        typeof api.scores.record
      >[0];
      expect((await errorOf(api.scores.record(input))).code).toBe("BAD_REQUEST");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expect(
      api.scores.record({
        sessionId: "s4",
        name: "meta",
        value: 1,
        metadata: { a: { b: { c: 1 } } },
      }),
    ).resolves.toHaveProperty("id");
  });

  it("is idempotent: same key and input → the first score (counted once); different input → CONFLICT", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    const input = {
      sessionId: "s5",
      name: "idem",
      value: 4,
      comment: "fine",
      idempotencyKey: "idem-1",
    };
    const first = await api.scores.record(input);
    const again = await api.scores.record({ ...input });
    expect(again.id).toBe(first.id);
    expect(await usedScores(t.tenantId)).toBe(1);
    const conflict = await errorOf(api.scores.record({ ...input, value: 5 }));
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.message).toMatch(/idempotency key/);
    // The same key on the other procedure is a different request too.
    expect(
      (
        await errorOf(
          api.scores.scoreConversation({
            sessionId: "s5",
            messages: [{ role: "user", content: "hi" }],
            idempotencyKey: "idem-1",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    const [rows] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from conversation_scores where tenant_id = ${t.tenantId}`,
    );
    expect(rows?.n).toBe(1);
    // Keys are per tenant.
    await expect((await admin(b)).scores.record(input)).resolves.not.toMatchObject({
      id: first.id,
    });
  });

  it("returns one score to concurrent retries with the same idempotency key", async () => {
    const t = await createTenantWithKey(database);
    const callers = await Promise.all(Array.from({ length: 5 }, () => admin(t)));
    const input = { sessionId: "race", name: "race", value: 1, idempotencyKey: "race-1" };
    const results = await Promise.all(callers.map((c) => c.scores.record(input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await usedScores(t.tenantId)).toBe(1);
  });
});

describe("scores.scoreConversation", () => {
  it("stores a rubric score with its breakdown and no message text", async () => {
    const api = await admin(a);
    const secret = "Quetzal-Marmalade-4412";
    const input = {
      sessionId: "conv-1",
      messages: [
        {
          role: "user" as const,
          content: `Hi, I am ${secret}. How do I cancel my booking?`,
          at: "2026-03-01T10:00:00Z",
        },
        {
          role: "assistant" as const,
          content: "Use the cancel link in your confirmation email.",
          at: "2026-03-01T10:00:05Z",
        },
        { role: "user" as const, content: "That worked, thanks!", at: "2026-03-01T10:01:00Z" },
      ],
      feedback: { rating: 5, thumbsUp: true, comment: "quick and kind" },
      idempotencyKey: "conv-1-score",
    };
    const score = await api.scores.scoreConversation(input);
    expect(score).toMatchObject({
      name: "conversation_quality",
      source: "rubric",
      kind: "numeric",
      comment: "quick and kind",
    });
    expect(score.value).toBeGreaterThan(90);
    expect(score.breakdown?.score).toBe(score.value);
    expect(score.breakdown?.criteria.map((c) => c.criterion)).toEqual([
      "resolution",
      "assistant_errors",
      "rephrasing",
      "latency",
      "length",
      "feedback_rating",
      "feedback_thumbs",
    ]);
    expect((await api.scores.scoreConversation(input)).id).toBe(score.id);
    const [row] = await queryRows<{ t: string }>(
      database.db,
      sql`select c::text as t from conversation_scores c where id = ${score.id}`,
    );
    expect(row?.t).toContain("feedback_rating");
    expect(row?.t).not.toContain(secret);
    expect(row?.t).not.toContain("cancel link");
    await expect(api.scores.get({ id: score.id })).resolves.toMatchObject({
      id: score.id,
      source: "rubric",
    });
  });

  it("validates against a conversation_quality config when one exists", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    await api.scores.configs.upsert({
      name: "conversation_quality",
      kind: "numeric",
      min: 0,
      max: 100,
    });
    const score = await api.scores.scoreConversation({
      sessionId: "c",
      messages: [{ role: "user", content: "hello?" }],
    });
    expect(score.configId).not.toBeNull();
    await api.scores.configs.upsert({
      name: "conversation_quality",
      kind: "numeric",
      min: 99,
      max: 100,
    });
    expect(
      (
        await errorOf(
          api.scores.scoreConversation({
            sessionId: "c",
            messages: [{ role: "user", content: "hello?" }],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });
});

describe("scores.list", () => {
  it("pages 7 scores 3 at a time without duplicates, in both orders, and filters", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const s = await api.scores.record({
        sessionId: i < 5 ? "page" : "other",
        name: i % 2 ? "odd" : "even",
        value: i,
        source: i === 6 ? "end_user" : "api",
      });
      ids.push(s.id);
      await setCreatedAt(s.id, `2026-03-0${i + 1}T12:00:00Z`);
    }
    // Two rows in the same instant: the id breaks the tie.
    await setCreatedAt(ids[3] ?? "", "2026-03-03T12:00:00Z");

    for (const order of ["newest", "oldest"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await api.scores.list({ limit: 3, order, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(7);
      expect([...seen].sort()).toEqual([...ids].sort());
      if (order === "newest") expect(seen[0]).toBe(ids[6]);
      else expect(seen[0]).toBe(ids[0]);
    }

    const values = async (input: Parameters<typeof api.scores.list>[0]) =>
      (await api.scores.list(input)).items.map((s) => s.value).sort();
    expect(await values({ sessionId: "page" })).toEqual([0, 1, 2, 3, 4]);
    expect(await values({ name: "odd" })).toEqual([1, 3, 5]);
    expect(await values({ source: "end_user" })).toEqual([6]);
    expect(await values({ minValue: 2, maxValue: 4 })).toEqual([2, 3, 4]);
    expect(await values({ from: "2026-03-02T00:00:00Z", to: "2026-03-04T00:00:00Z" })).toEqual([
      1, 2, 3,
    ]);
    expect((await errorOf(api.scores.list({ cursor: "garbage" }))).code).toBe("BAD_REQUEST");
  });
});

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentileCont(sorted: number[], p: number): number {
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (rank - lo);
}

describe("scores.summary", () => {
  it("buckets by the tenant's local day and matches a brute-force count, mean, p50, p90", async () => {
    const t = await createTenantWithKey(database);
    await database.db.execute(
      sql`update tenants set time_zone = 'America/Los_Angeles' where id = ${t.tenantId}`,
    );
    const api = await admin(t);
    await api.scores.configs.upsert({ name: "csat", kind: "numeric", min: 1, max: 5 });
    const points: [string, number][] = [
      ["2026-02-28T20:00:00Z", 4],
      ["2026-03-01T07:30:00Z", 2], // 23:30 on Feb 28 in Los Angeles
      ["2026-03-01T08:30:00Z", 5], // 00:30 on Mar 1
      ["2026-03-01T12:00:00Z", 3],
      ["2026-03-01T18:00:00Z", 4],
      ["2026-03-02T02:00:00Z", 1],
      ["2026-03-02T07:59:59Z", 5], // still Mar 1 locally
      ["2026-03-02T09:00:00Z", 2],
    ];
    for (const [at, value] of points) {
      const s = await api.scores.record({ sessionId: "sum", name: "csat", value });
      await setCreatedAt(s.id, at);
    }
    const deleted = await api.scores.record({ sessionId: "sum", name: "csat", value: 1 });
    await setCreatedAt(deleted.id, "2026-03-01T12:00:00Z");
    await api.scores.delete({ id: deleted.id });

    const result = await api.scores.summary({
      name: "csat",
      from: "2026-02-27T08:00:00Z",
      to: "2026-03-03T08:00:00Z",
      bucket: "day",
    });
    expect(result).toMatchObject({
      kind: "numeric",
      timeZone: "America/Los_Angeles",
      histogram: "integer",
    });
    expect(result.buckets.map((x) => x.bucket)).toEqual([
      "2026-02-27T08:00:00Z",
      "2026-02-28T08:00:00Z",
      "2026-03-01T08:00:00Z",
      "2026-03-02T08:00:00Z",
    ]);

    const localDay = new Intl.DateTimeFormat("en-CA", {
      timeZone: "America/Los_Angeles",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const days = ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"];
    for (const [i, day] of days.entries()) {
      const vals = points
        .filter(([at]) => localDay.format(new Date(at)) === day)
        .map(([, v]) => v)
        .sort((x, y) => x - y);
      const got = result.buckets[i];
      expect(got?.count, day).toBe(vals.length);
      if (vals.length === 0) {
        expect(got).toMatchObject({ mean: null, p50: null, p90: null });
        continue;
      }
      expect(got?.mean).toBeCloseTo(vals.reduce((s, v) => s + v, 0) / vals.length, 9);
      expect(got?.p50).toBeCloseTo(percentileCont(vals, 0.5), 9);
      expect(got?.p90).toBeCloseTo(percentileCont(vals, 0.9), 9);
      const histogram = Object.fromEntries(
        [1, 2, 3, 4, 5].map((v) => [String(v), vals.filter((x) => x === v).length]),
      );
      expect(got?.distribution).toEqual(histogram);
    }
    // 07:30Z and 08:30Z on Mar 1 are different local days.
    expect(result.buckets[1]?.count).toBe(2);
    expect(result.buckets[2]?.count).toBe(5);
  });

  it("starts months at local midnight across DST, and counts boolean and categorical values", async () => {
    const t = await createTenantWithKey(database);
    await database.db.execute(
      sql`update tenants set time_zone = 'America/Los_Angeles' where id = ${t.tenantId}`,
    );
    const api = await admin(t);
    await api.scores.configs.upsert({
      name: "mood",
      kind: "categorical",
      categories: ["happy", "neutral", "angry"],
    });
    const data: [string, string, boolean][] = [
      ["2026-03-01T08:00:00Z", "happy", true],
      ["2026-03-31T23:00:00Z", "happy", true],
      ["2026-04-01T06:59:59Z", "angry", false], // Mar 31, 23:59:59 PDT
      ["2026-04-01T07:00:00Z", "neutral", true], // Apr 1, 00:00 PDT
    ];
    for (const [at, mood, resolved] of data) {
      await setCreatedAt(
        (await api.scores.record({ sessionId: "m", name: "mood", value: mood })).id,
        at,
      );
      await setCreatedAt(
        (await api.scores.record({ sessionId: "m", name: "resolved", value: resolved })).id,
        at,
      );
    }
    const range = {
      from: "2026-03-01T08:00:00Z",
      to: "2026-05-01T07:00:00Z",
      bucket: "month" as const,
    };
    const mood = await api.scores.summary({ name: "mood", ...range });
    expect(mood.buckets.map((x) => x.bucket)).toEqual([
      "2026-03-01T08:00:00Z",
      "2026-04-01T07:00:00Z",
    ]);
    expect(mood.buckets.map((x) => x.distribution)).toEqual([
      { happy: 2, neutral: 0, angry: 1 },
      { happy: 0, neutral: 1, angry: 0 },
    ]);
    expect(mood.buckets[0]).toMatchObject({ count: 3, mean: null, p50: null });
    const resolved = await api.scores.summary({ name: "resolved", ...range });
    expect(resolved.kind).toBe("boolean");
    expect(resolved.buckets[0]).toMatchObject({ count: 3, distribution: { true: 2, false: 1 } });
    expect(resolved.buckets[0]?.mean).toBeCloseTo(2 / 3, 9);

    const numeric = await api.scores.summary({ name: "never-recorded", ...range });
    expect(numeric).toMatchObject({ kind: null, buckets: [{ count: 0 }, { count: 0 }] });
    expect(
      (
        await errorOf(
          api.scores.summary({
            name: "mood",
            from: "2020-01-01T00:00:00Z",
            to: "2026-01-01T00:00:00Z",
            bucket: "day",
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });

  it("bins wide numeric ranges into 10 equal bins", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    for (const value of [0, 5, 10, 55, 99.5, 100]) {
      await setCreatedAt(
        (await api.scores.record({ sessionId: "h", name: "latency_ms", value })).id,
        "2026-03-01T12:00:00Z",
      );
    }
    const result = await api.scores.summary({
      name: "latency_ms",
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-02T00:00:00Z",
      bucket: "day",
    });
    expect(result.histogram).toBe("range");
    const dist = result.buckets[0]?.distribution ?? {};
    expect(Object.keys(dist)).toHaveLength(10);
    expect(dist["[0,10)"]).toBe(2);
    expect(dist["[10,20)"]).toBe(1);
    expect(dist["[50,60)"]).toBe(1);
    expect(dist["[90,100]"]).toBe(2);
  });

  it("draws the histogram from a numeric config's bounds when the range holds no scores", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    await api.scores.configs.upsert({ name: "empty.csat", kind: "numeric", min: 1, max: 5 });
    const result = await api.scores.summary({
      name: "empty.csat",
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-03T00:00:00Z",
      bucket: "day",
    });
    expect(result).toMatchObject({ kind: "numeric", histogram: "integer" });
    expect(result.buckets.map((b) => b.distribution)).toEqual([
      { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    ]);
  });
});

describe("scores.update and scores.delete", () => {
  it("corrects a value (re-validated, history in the audit log) and soft-deletes", async () => {
    const api = await admin(a);
    await api.scores.configs.upsert({ name: "upd.csat", kind: "numeric", min: 1, max: 5 });
    const score = await api.scores.record({
      sessionId: "u1",
      name: "upd.csat",
      value: 2,
      comment: "first",
    });
    expect((await errorOf(api.scores.update({ id: score.id, value: 9 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(api.scores.update({ id: score.id, value: "two" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await api.scores.get({ id: score.id })).value).toBe(2);

    const updated = await api.scores.update({ id: score.id, value: 4, comment: "corrected" });
    expect(updated).toMatchObject({ id: score.id, value: 4, comment: "corrected" });
    const history = await queryRows<{ metadata: Record<string, unknown> }>(
      database.db,
      sql`select metadata from audit_log where tenant_id = ${a.tenantId} and target_id = ${score.id} and action = 'scores.update.history'`,
    );
    expect(history.map((h) => h.metadata)).toEqual([
      { kind: "numeric", previousValue: 2, newValue: 4, commentChanged: true },
    ]);
    await expect(api.scores.update({ id: score.id, comment: null })).resolves.toMatchObject({
      value: 4,
      comment: null,
    });

    const free = await api.scores.record({ sessionId: "u1", name: "upd.free", value: 0.5 });
    expect((await errorOf(api.scores.update({ id: free.id, value: true }))).code).toBe(
      "BAD_REQUEST",
    );

    const rubric = await api.scores.scoreConversation({
      sessionId: "u1",
      messages: [{ role: "user", content: "hi" }],
    });
    expect((await errorOf(api.scores.update({ id: rubric.id, value: 100 }))).code).toBe(
      "BAD_REQUEST",
    );
    await expect(api.scores.update({ id: rubric.id, comment: "reviewed" })).resolves.toMatchObject({
      comment: "reviewed",
    });

    const removed = await api.scores.delete({ id: score.id });
    expect(removed.deletedAt).toBeInstanceOf(Date);
    expect((await errorOf(api.scores.get({ id: score.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(api.scores.delete({ id: score.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(api.scores.update({ id: score.id, value: 3 }))).code).toBe("NOT_FOUND");
    expect((await api.scores.list({ sessionId: "u1" })).items.map((s) => s.id)).not.toContain(
      score.id,
    );
  });

  it("answers NOT_FOUND for another tenant's score and leaves it unchanged", async () => {
    const score = await (
      await admin(a)
    ).scores.record({ sessionId: "x1", name: "cross", value: 3, comment: "mine" });
    const other = await admin(b);
    expect((await errorOf(other.scores.get({ id: score.id }))).code).toBe("NOT_FOUND");
    expect(
      (await errorOf(other.scores.update({ id: score.id, value: 1, comment: "theirs" }))).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(other.scores.delete({ id: score.id }))).code).toBe("NOT_FOUND");
    expect((await other.scores.list({ sessionId: "x1" })).items).toEqual([]);
    const [row] = await queryRows<{
      numeric_value: number;
      comment: string;
      deleted_at: Date | null;
    }>(
      database.db,
      sql`select numeric_value, comment, deleted_at from conversation_scores where id = ${score.id}`,
    );
    expect(row).toEqual({ numeric_value: 3, comment: "mine", deleted_at: null });
    await expect((await admin(a)).scores.get({ id: score.id })).resolves.toMatchObject({
      value: 3,
      comment: "mine",
    });
  });
});
