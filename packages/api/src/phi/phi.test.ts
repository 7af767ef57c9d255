// The PHI gate (through real domain writes), phi.scan, phi.policy and phiEvents — through the real
// caller (auth, policy map, RLS transaction).
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { PHI_ALERT_KIND } from "../phi-gate";

// Synthetic PHI: a valid-format SSN nobody holds, an MRN, a Luhn-valid test card, a made-up name.
const SSN = "521-73-4190";
const MRN = "00482913";
const CARD = "4539 1488 0343 6467";
const NAME = "Zelda Quartermain";
const RAW = [SSN, MRN, CARD, NAME, "Quartermain", "4539148803436467", "521734190"];
const TEXT = `Patient says my name is ${NAME}, SSN ${SSN}, MRN: ${MRN}, paid with ${CARD}.`;

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

const admin = (t: TestTenant) => callerFor(database, { apiKey: t.adminKey });

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  return promise.then(
    () => ({ code: "OK", message: "" }),
    (e: unknown) =>
      e instanceof TRPCError
        ? { code: e.code, message: e.message }
        : { code: "NOT_A_TRPC_ERROR", message: String(e) },
  );
}

/** Records a numeric score with a comment: the simplest gated write. */
async function scoreWithComment(t: TestTenant, comment: string, sessionId = "s-1") {
  return (await admin(t)).scores.record({ sessionId, name: "csat", value: 4, comment });
}

async function storedComments(tenantId: string, sessionId: string): Promise<(string | null)[]> {
  const rows = await queryRows<{ comment: string | null }>(
    database.db,
    sql`select comment from conversation_scores where tenant_id = ${tenantId} and session_id = ${sessionId} order by created_at`,
  );
  return rows.map((r) => r.comment);
}

type EventRow = {
  phi_type: string;
  masked_value: string;
  masked_context: string | null;
  action: string;
  source_kind: string;
  source_table: string | null;
  source_field: string | null;
  source_row_id: string | null;
  source_api: string | null;
  actor_type: string | null;
  actor_id: string | null;
  request_id: string | null;
};

async function events(tenantId: string): Promise<EventRow[]> {
  return queryRows<EventRow>(
    database.db,
    sql`select * from phi_detection_events where tenant_id = ${tenantId} order by created_at, phi_type`,
  );
}

function expectNoRaw(value: unknown): void {
  const text = JSON.stringify(value);
  for (const raw of RAW) expect(text).not.toContain(raw);
}

describe("phi.policy", () => {
  it("defaults to masking every type with type tokens; admins change it, members and viewers cannot", async () => {
    const t = await createTenantWithKey(database);
    const viewer = await createMember(database, t.tenantId, "viewer");
    const member = await createMember(database, t.tenantId, "member");
    // Provisioning writes the default row; without one the gate applies the same default.
    expect(
      await (await callerFor(database, { userId: viewer, tenantId: t.tenantId })).phi.policy.get(),
    ).toMatchObject({
      defaults: "mask",
      perType: {},
      maskStyle: "type",
    });
    const asMember = await callerFor(database, { userId: member, tenantId: t.tenantId });
    expect((await failure(asMember.phi.policy.update({ defaults: "allow" }))).code).toBe(
      "FORBIDDEN",
    );
    const readKey = await createKey(database, t.tenantId, ["phi:read"]);
    expect(
      (
        await failure(
          (await callerFor(database, { apiKey: readKey })).phi.policy.update({ defaults: "allow" }),
        )
      ).code,
    ).toBe("FORBIDDEN");

    const updated = await (
      await admin(t)
    ).phi.policy.update({
      defaults: "alert",
      perType: { SSN: "block", NAME: "allow" },
      maskStyle: "partial",
    });
    expect(updated).toMatchObject({
      defaults: "alert",
      perType: { SSN: "block", NAME: "allow" },
      maskStyle: "partial",
    });
    expect(updated.updatedAt).toBeInstanceOf(Date);
    // Omitted perType and maskStyle stay as they were.
    expect(await (await admin(t)).phi.policy.update({ defaults: "mask" })).toMatchObject({
      defaults: "mask",
      perType: { SSN: "block", NAME: "allow" },
      maskStyle: "partial",
    });
    expect(
      (
        await failure(
          (await admin(t)).phi.policy.update({
            defaults: "mask",
            perType: { NOPE: "allow" } as never,
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });
});

describe("the gate", () => {
  it("masks by default (even with no policy row): the stored text and the events hold type tokens, never the raw values", async () => {
    const t = await createTenantWithKey(database);
    await database.db.execute(sql`delete from phi_policies where tenant_id = ${t.tenantId}`);
    const score = await scoreWithComment(t, TEXT);
    expect(score.comment).toBe(
      "Patient says my name is [NAME], SSN [SSN], MRN: [MRN], paid with [CREDIT_CARD].",
    );
    expect(await storedComments(t.tenantId, "s-1")).toEqual([score.comment]);
    const rows = await events(t.tenantId);
    expect(rows.map((r) => r.phi_type).sort()).toEqual(["CREDIT_CARD", "MRN", "NAME", "SSN"]);
    for (const r of rows) {
      expect(r).toMatchObject({
        masked_value: `[${r.phi_type}]`,
        action: "masked",
        source_kind: "table",
        source_table: "conversation_scores",
        source_field: "comment",
        source_row_id: score.id,
        source_api: null,
        actor_type: "api_key",
      });
      expect(r.masked_context).toContain(`[${r.phi_type}]`);
      expect(r.request_id).toBeTruthy();
    }
    expectNoRaw(rows);
  });

  it("text without PHI passes unchanged and writes no event", async () => {
    const t = await createTenantWithKey(database);
    const score = await scoreWithComment(t, "Friendly and quick, would book again.");
    expect(score.comment).toBe("Friendly and quick, would book again.");
    expect(await events(t.tenantId)).toEqual([]);
  });

  it("applies the policy per type: allowed types stay, masked ones are masked, alerting ones enqueue an alert", async () => {
    const t = await createTenantWithKey(database);
    await (
      await admin(t)
    ).phi.policy.update({ defaults: "mask", perType: { NAME: "allow", SSN: "alert" } });
    const score = await scoreWithComment(t, TEXT);
    expect(score.comment).toBe(
      `Patient says my name is ${NAME}, SSN [SSN], MRN: [MRN], paid with [CREDIT_CARD].`,
    );
    const rows = await events(t.tenantId);
    // Allowed types are ignored entirely: no event.
    expect(Object.fromEntries(rows.map((r) => [r.phi_type, r.action]))).toEqual({
      SSN: "alerted",
      MRN: "masked",
      CREDIT_CARD: "masked",
    });
    // The context window masks every finding in it, allowed ones too.
    expectNoRaw(rows);

    const alerts = await queryRows<{
      kind: string;
      status: string;
      payload: Record<string, unknown>;
    }>(database.db, sql`select kind, status, payload from outbox where tenant_id = ${t.tenantId}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: PHI_ALERT_KIND, status: "pending" });
    expect(alerts[0]?.payload).toMatchObject({
      version: 1,
      findings: 3,
      types: { SSN: 1, MRN: 1, CREDIT_CARD: 1 },
      source: { kind: "table", table: "conversation_scores", field: "comment", rowId: score.id },
      actor: { type: "api_key" },
    });
    expect((alerts[0]?.payload.eventIds as unknown[]).length).toBe(3);
    // Ids, types and counts only: neither raw nor masked text.
    expectNoRaw(alerts);
    expect(JSON.stringify(alerts)).not.toContain("[SSN]");
  });

  it("blocks: PRECONDITION_FAILED naming the blocked types (not values), and nothing of the write is stored", async () => {
    const t = await createTenantWithKey(database);
    await (
      await admin(t)
    ).phi.policy.update({ defaults: "mask", perType: { SSN: "block", CREDIT_CARD: "block" } });
    const error = await failure(scoreWithComment(t, TEXT, "blocked-session"));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toBe(
      "The comment field contains PHI (SSN, CREDIT_CARD) that this tenant's policy blocks; remove it and try again",
    );
    expectNoRaw(error);
    expect(await storedComments(t.tenantId, "blocked-session")).toEqual([]);
    const [usage] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from usage_counters where tenant_id = ${t.tenantId} and metric = 'scores' and used > 0`,
    );
    expect(usage?.n).toBe(0);
    const outboxRows = await queryRows(
      database.db,
      sql`select 1 from outbox where tenant_id = ${t.tenantId}`,
    );
    expect(outboxRows).toEqual([]);
  });

  it("a blocked write still leaves its (masked) events, action blocked", async () => {
    const t = await createTenantWithKey(database);
    await (await admin(t)).phi.policy.update({ defaults: "mask", perType: { SSN: "block" } });
    expect((await failure(scoreWithComment(t, TEXT, "blocked-events"))).code).toBe(
      "PRECONDITION_FAILED",
    );
    const rows = await events(t.tenantId);
    expect(rows.map((r) => r.phi_type).sort()).toEqual(["CREDIT_CARD", "MRN", "NAME", "SSN"]);
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(["blocked"]));
    expect(new Set(rows.map((r) => r.source_field))).toEqual(new Set(["comment"]));
    expectNoRaw(rows);
    expect(await storedComments(t.tenantId, "blocked-events")).toEqual([]);
  });

  it("partial masking keeps what Safe Harbor tolerates (last four, initials), and no more", async () => {
    const t = await createTenantWithKey(database);
    await (await admin(t)).phi.policy.update({ defaults: "mask", maskStyle: "partial" });
    const score = await scoreWithComment(t, TEXT);
    expect(score.comment).toBe(
      "Patient says my name is Z. Q., SSN ***-**-4190, MRN: [MRN], paid with **** **** **** 6467.",
    );
    expectNoRaw(await events(t.tenantId));
  });

  it("hash masking is stable within a tenant and differs across tenants", async () => {
    const a = await createTenantWithKey(database);
    const b = await createTenantWithKey(database);
    for (const t of [a, b])
      await (await admin(t)).phi.policy.update({ defaults: "mask", maskStyle: "hash" });
    const a1 = await scoreWithComment(a, `SSN ${SSN}`);
    // Formatting does not change the token.
    const a2 = await scoreWithComment(a, `SSN ${SSN.replace(/-/g, " ")}`);
    const b1 = await scoreWithComment(b, `SSN ${SSN}`);
    const token = /\[SSN:[0-9a-f]{8}\]/;
    expect(a1.comment).toMatch(token);
    expect(a2.comment).toBe(a1.comment);
    expect(b1.comment).toMatch(token);
    expect(b1.comment).not.toBe(a1.comment);
    const eventsA = await events(a.tenantId);
    expect(new Set(eventsA.map((r) => r.masked_value))).toEqual(new Set([a1.comment?.slice(4)]));
    expectNoRaw([a1, a2, b1, eventsA]);
  });

  it("loads the policy once per request: every tag value of a batch follows the same policy", async () => {
    const t = await createTenantWithKey(database);
    await (await admin(t)).phi.policy.update({ defaults: "mask", perType: { MRN: "alert" } });
    const api = await admin(t);
    await api.metrics.recordBatch({
      points: [
        { name: "visits", value: 1, tags: { note: `MRN: ${MRN}` } },
        { name: "visits", value: 1, tags: { note: `MRN: 00482914` } },
      ],
    });
    const rows = await events(t.tenantId);
    expect(rows.map((r) => [r.phi_type, r.action, r.source_table, r.source_field])).toEqual([
      ["MRN", "alerted", "analytics_metrics", "tags"],
      ["MRN", "alerted", "analytics_metrics", "tags"],
    ]);
    const alerts = await queryRows(
      database.db,
      sql`select 1 from outbox where tenant_id = ${t.tenantId} and kind = 'phi_alert'`,
    );
    expect(alerts).toHaveLength(2);
  });
});

describe("phi.scan", () => {
  it("reports what a write would do, never throws for blocked, records api events unless told not to, and counts usage", async () => {
    const t = await createTenantWithKey(database);
    await (await admin(t)).phi.policy.update({ defaults: "mask", perType: { SSN: "block" } });
    const scanKey = await createKey(database, t.tenantId, ["phi:scan"]);
    const api = await callerFor(database, { apiKey: scanKey });

    const result = await api.phi.scan({ text: TEXT, source: "intake-form" });
    expect(result.action).toBe("blocked");
    expect(result.redactedText).toBe(
      "Patient says my name is [NAME], SSN [SSN], MRN: [MRN], paid with [CREDIT_CARD].",
    );
    expect(
      result.findings.map((f) => [f.type, TEXT.slice(f.start, f.end), f.masked, f.policyAction]),
    ).toEqual([
      ["NAME", NAME, "[NAME]", "mask"],
      ["SSN", SSN, "[SSN]", "block"],
      ["MRN", MRN, "[MRN]", "mask"],
      ["CREDIT_CARD", CARD, "[CREDIT_CARD]", "mask"],
    ]);
    const rows = await events(t.tenantId);
    expect(rows).toHaveLength(4);
    for (const r of rows)
      expect(r).toMatchObject({
        source_kind: "api",
        source_api: "intake-form",
        source_table: null,
        action: "blocked",
      });

    expect((await api.phi.scan({ text: TEXT, record: false })).action).toBe("blocked");
    expect(await events(t.tenantId)).toHaveLength(4);
    await api.phi.scan({ text: `SSN ${SSN}` });
    expect((await events(t.tenantId)).at(-1)).toMatchObject({
      source_api: "phi.scan",
      phi_type: "SSN",
    });

    expect((await api.phi.scan({ text: "nothing to see here" })).action).toBe("allowed");
    const [usage] = await queryRows<{ used: number }>(
      database.db,
      sql`select used::int as used from usage_counters where tenant_id = ${t.tenantId} and metric = 'phi_scans'`,
    );
    expect(usage?.used).toBe(4);
    expectNoRaw(await events(t.tenantId));
  });

  it("refuses a source label that itself looks like PHI, and text over 100,000 characters", async () => {
    const t = await createTenantWithKey(database);
    const api = await admin(t);
    const bad = await failure(api.phi.scan({ text: "hello", source: SSN }));
    expect(bad.code).toBe("BAD_REQUEST");
    expectNoRaw(bad);
    expect((await failure(api.phi.scan({ text: "a".repeat(100_001) }))).code).toBe("BAD_REQUEST");
    const member = await createMember(database, t.tenantId, "member");
    const viewer = await createMember(database, t.tenantId, "viewer");
    expect(
      (
        await (
          await callerFor(database, { userId: member, tenantId: t.tenantId })
        ).phi.scan({ text: "hi" })
      ).action,
    ).toBe("allowed");
    expect(
      (
        await failure(
          (await callerFor(database, { userId: viewer, tenantId: t.tenantId })).phi.scan({
            text: "hi",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("phiEvents", () => {
  it("lists newest first with filters and keyset pages, masked values only, and audits each read", async () => {
    const t = await createTenantWithKey(database);
    const other = await createTenantWithKey(database);
    const api = await admin(t);
    await api.phi.scan({ text: `SSN ${SSN}`, source: "first" });
    await scoreWithComment(t, `MRN: ${MRN}`);
    await api.phi.scan({ text: `my name is ${NAME}`, source: "third" });
    await (await admin(other)).phi.scan({ text: `SSN ${SSN}` });

    const readKey = await createKey(database, t.tenantId, ["phi:read"]);
    const reader = await callerFor(database, { apiKey: readKey });
    const all = await reader.phiEvents.list();
    expect(all.items.map((e) => e.type)).toEqual(["NAME", "MRN", "SSN"]);
    expect(all.items[1]).toMatchObject({
      maskedValue: "[MRN]",
      action: "masked",
      source: { kind: "table", table: "conversation_scores", field: "comment" },
    });
    expectNoRaw(all);

    expect((await reader.phiEvents.list({ type: "SSN" })).items.map((e) => e.source.api)).toEqual([
      "first",
    ]);
    expect(
      (await reader.phiEvents.list({ source: "conversation_scores.comment" })).items.map(
        (e) => e.type,
      ),
    ).toEqual(["MRN"]);
    expect((await reader.phiEvents.list({ source: "conversation_scores" })).items).toHaveLength(1);
    expect((await reader.phiEvents.list({ action: "blocked" })).items).toEqual([]);

    const page1 = await reader.phiEvents.list({ limit: 2 });
    expect(page1.items.map((e) => e.type)).toEqual(["NAME", "MRN"]);
    const page2 = await reader.phiEvents.list({ limit: 2, cursor: page1.nextCursor ?? "" });
    expect(page2.items.map((e) => e.type)).toEqual(["SSN"]);
    expect(page2.nextCursor).toBeNull();
    expect((await failure(reader.phiEvents.list({ cursor: "bm9wZQ" }))).code).toBe("BAD_REQUEST");

    const audits = await queryRows<{
      action: string;
      actor_id: string;
      metadata: Record<string, unknown>;
    }>(
      database.db,
      sql`select action, actor_id, metadata from audit_log where tenant_id = ${t.tenantId} and action like 'phiEvents.%' order by created_at`,
    );
    // Seven successful lists; the one with the bad cursor rolled back with its request.
    expect(audits.map((a) => a.action)).toEqual(Array<string>(7).fill("phiEvents.list"));
    expect(audits[0]?.metadata).toMatchObject({ returned: 3 });
    expect(audits[2]?.metadata).toMatchObject({ bySource: true });
    expect(JSON.stringify(audits)).not.toContain("conversation_scores.comment");

    const viewer = await createMember(database, t.tenantId, "viewer");
    expect(
      (await (await callerFor(database, { userId: viewer, tenantId: t.tenantId })).phiEvents.list())
        .items,
    ).toHaveLength(3);
    const scanKey = await createKey(database, t.tenantId, ["phi:scan"]);
    expect(
      (await failure((await callerFor(database, { apiKey: scanKey })).phiEvents.list())).code,
    ).toBe("FORBIDDEN");
  });

  it("counts per bucket × type × action with buckets in the tenant's time zone, and audits the read", async () => {
    const t = await createTenantWithKey(database, { timeZone: "America/New_York" });
    const api = await admin(t);
    await api.phi.scan({ text: `SSN ${SSN}, MRN: ${MRN}` });
    await api.phi.scan({ text: `SSN ${SSN}` });
    await api.phi.policy.update({ defaults: "block" });
    await api.phi.scan({ text: `SSN ${SSN}` });
    const ids = await queryRows<{ id: string; phi_type: string; action: string }>(
      database.db,
      sql`select id, phi_type, action from phi_detection_events where tenant_id = ${t.tenantId} order by created_at, phi_type`,
    );
    expect(ids).toHaveLength(4);
    // 2026-03-02 03:30Z is still March 1st in New York (EST, UTC-5); 05:30Z is March 2nd.
    const at = [
      "2026-03-02T03:30:00Z",
      "2026-03-02T03:30:00Z",
      "2026-03-02T05:30:00Z",
      "2026-03-02T06:00:00Z",
    ];
    for (const [i, row] of ids.entries()) {
      await database.db.execute(
        sql`update phi_detection_events set created_at = ${at[i] ?? ""}::timestamptz where id = ${row.id}`,
      );
    }
    const stats = await api.phiEvents.stats({
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-04T00:00:00Z",
      bucket: "day",
    });
    expect(stats.timeZone).toBe("America/New_York");
    expect(stats.items.map((i) => [i.bucket.toISOString(), i.type, i.action, i.count])).toEqual([
      ["2026-03-01T05:00:00.000Z", "MRN", "masked", 1],
      ["2026-03-01T05:00:00.000Z", "SSN", "masked", 1],
      ["2026-03-02T05:00:00.000Z", "SSN", "blocked", 1],
      ["2026-03-02T05:00:00.000Z", "SSN", "masked", 1],
    ]);
    expect(stats.totals).toEqual({
      count: 4,
      byType: { MRN: 1, SSN: 3 },
      byAction: { masked: 3, blocked: 1 },
    });

    const hourly = await api.phiEvents.stats({
      from: "2026-03-02T00:00:00Z",
      to: "2026-03-02T12:00:00Z",
      bucket: "hour",
    });
    expect(hourly.items.map((i) => [i.bucket.toISOString(), i.count])).toEqual([
      ["2026-03-02T03:00:00.000Z", 1],
      ["2026-03-02T03:00:00.000Z", 1],
      ["2026-03-02T05:00:00.000Z", 1],
      ["2026-03-02T06:00:00.000Z", 1],
    ]);

    // The DST fall-back of 2025-11-02: local 01:00 happens twice (EDT 05:00Z, then EST 06:00Z), and
    // each is its own hourly bucket with its true start.
    const fallBack = [
      "2025-11-02T05:30:00Z",
      "2025-11-02T06:30:00Z",
      "2025-11-02T06:45:00Z",
      "2025-11-02T07:10:00Z",
    ];
    for (const [i, row] of ids.entries()) {
      await database.db.execute(
        sql`update phi_detection_events set created_at = ${fallBack[i] ?? ""}::timestamptz where id = ${row.id}`,
      );
    }
    const repeated = await api.phiEvents.stats({
      from: "2025-11-02T04:00:00Z",
      to: "2025-11-02T08:00:00Z",
      bucket: "hour",
    });
    const perHour = new Map<string, number>();
    for (const item of repeated.items)
      perHour.set(
        item.bucket.toISOString(),
        (perHour.get(item.bucket.toISOString()) ?? 0) + item.count,
      );
    expect([...perHour]).toEqual([
      ["2025-11-02T05:00:00.000Z", 1],
      ["2025-11-02T06:00:00.000Z", 2],
      ["2025-11-02T07:00:00.000Z", 1],
    ]);
    for (const [i, row] of ids.entries()) {
      await database.db.execute(
        sql`update phi_detection_events set created_at = ${at[i] ?? ""}::timestamptz where id = ${row.id}`,
      );
    }
    const weekly = await api.phiEvents.stats({
      from: "2026-02-01T00:00:00Z",
      to: "2026-04-01T00:00:00Z",
      bucket: "week",
    });
    // Monday 2026-02-23 00:00 in New York holds Sunday March 1st; Monday March 2nd starts the next week.
    expect([...new Set(weekly.items.map((i) => i.bucket.toISOString()))]).toEqual([
      "2026-02-23T05:00:00.000Z",
      "2026-03-02T05:00:00.000Z",
    ]);
    const monthly = await api.phiEvents.stats({
      from: "2026-01-01T00:00:00Z",
      to: "2026-06-01T00:00:00Z",
      bucket: "month",
    });
    expect(
      monthly.items
        .map((i) => [i.bucket.toISOString(), i.count])
        .every(([b]) => b === "2026-03-01T05:00:00.000Z"),
    ).toBe(true);
    expect(monthly.totals.count).toBe(4);

    expect(
      (
        await failure(
          api.phiEvents.stats({
            from: "2020-01-01T00:00:00Z",
            to: "2026-01-01T00:00:00Z",
            bucket: "hour",
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    const audits = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where tenant_id = ${t.tenantId} and action = 'phiEvents.stats'`,
    );
    // One per successful read (day, hour, the fall-back hours, week, month); the refused one none.
    expect(audits[0]?.n).toBe(5);
  });
});
