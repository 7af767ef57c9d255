// The demo's first look shows the PHI gate at work: after seeding, the demo tenant has masked,
// blocked and alerted events, the owner's PHI stats and event list show them, and no table holds any
// of the demo's identifiers raw (outside the identity columns made to hold an attendee's name).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, queryRows, seedDemo, type Database } from "@frontdesk/db";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { callerFor } from "@frontdesk/testing/api";
import { PHI_DEMO_RAW, seedPhiDemo, type PhiDemoResult } from "./phi-demo";

const IDENTITY_COLUMNS = new Set([
  "public.bookings.attendee_name",
  "public.bookings.attendee_email",
  "public.orders.customer_email",
  "public.orders.shipping_address",
  // The recipient of a queued booking notice: the attendee's own address, which the mail must carry.
  "public.email_messages.to_address",
]);

let database: Database;
let tenantId = "";
let ownerUserId = "";
let first: PhiDemoResult;

beforeAll(async () => {
  database = await createScratchDatabase();
  const seeded = await seedDemo(database);
  tenantId = seeded.tenantId;
  first = await seedPhiDemo(database);
  const [owner] = await queryRows<{ user_id: string }>(
    database.db,
    sql`select user_id from memberships where tenant_id = ${tenantId} and role = 'owner'`,
  );
  ownerUserId = owner?.user_id ?? "";
}, 300_000);

afterAll(async () => {
  await database.close();
});

describe("the demo's PHI first look", () => {
  it("writes through the gate: masked, blocked and alerted events exist", async () => {
    expect(first).toMatchObject({ created: true, blocked: 1 });
    expect(first.stored).toBeGreaterThanOrEqual(4);
    const rows = await queryRows<{ action: string; phi_type: string; n: number }>(
      database.db,
      sql`select action, phi_type, count(*)::int as n from phi_detection_events where tenant_id = ${tenantId} group by 1, 2`,
    );
    const by = (action: string) =>
      rows.filter((r) => r.action === action).reduce((n, r) => n + r.n, 0);
    expect(by("masked")).toBeGreaterThanOrEqual(3);
    expect(by("blocked")).toBeGreaterThanOrEqual(1);
    expect(by("alerted")).toBeGreaterThanOrEqual(1);
    expect(rows.some((r) => r.action === "blocked" && r.phi_type === "SSN")).toBe(true);
    expect(rows.some((r) => r.action === "alerted" && r.phi_type === "CREDIT_CARD")).toBe(true);
    const [alerts] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from outbox where tenant_id = ${tenantId} and kind = 'phi_alert'`,
    );
    expect(alerts?.n).toBeGreaterThanOrEqual(1);
  });

  it("shows on the owner's PHI pages: stats and the event list hold masked findings", async () => {
    const owner = await callerFor(database, { userId: ownerUserId, tenantId });
    const events = await owner.phiEvents.list({});
    expect(events.items.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(events)).toContain("[SSN]");
    const stats = await owner.phiEvents.stats({
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 3_600_000),
      bucket: "day",
    });
    expect(JSON.stringify(stats)).toMatch(/masked/);
    const policy = await owner.phi.policy.get();
    expect(policy.perType).toMatchObject({ SSN: "block", CREDIT_CARD: "alert" });
  });

  it("stores none of the demo's identifiers raw, in any table", async () => {
    const columns = await queryRows<{
      table_schema: string;
      table_name: string;
      column_name: string;
    }>(
      database.db,
      sql`select c.table_schema, c.table_name, c.column_name
          from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.data_type = 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const c of columns) {
      const value = sql`${sql.identifier(c.column_name)}::text`;
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${sql.identifier(c.table_schema)}.${sql.identifier(c.table_name)}
            where ${sql.join(
              PHI_DEMO_RAW.map((r) => sql`${value} ilike ${`%${r}%`}`),
              sql` or `,
            )}`,
      );
      if ((row?.n ?? 0) > 0) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
    }
    // The attendee's own name and address sit in the identity columns; nowhere else.
    expect(hits.filter((h) => !IDENTITY_COLUMNS.has(h))).toEqual([]);
    expect(hits).toContain("public.bookings.attendee_name");
  });

  it("runs once: a second seed (or a second start) adds nothing", async () => {
    const [before] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from phi_detection_events where tenant_id = ${tenantId}`,
    );
    expect(await seedPhiDemo(database)).toMatchObject({ created: false });
    const [after] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from phi_detection_events where tenant_id = ${tenantId}`,
    );
    expect(after?.n).toBe(before?.n);
    expect(DEMO.slug).toBe("sunrise-clinic");
  });
});
