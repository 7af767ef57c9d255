// The PHI declarations (phi-fields.ts) hold against real PHI, through the real router: with the
// tenant's policy set to `block`, an SSN, a phone number and a name are written into every declared
// field of every mutation — string leaves, record keys, nested JSON keys and values — one field at a
// time, on top of an input that is accepted without them. Then:
//   gated     refused with PRECONDITION_FAILED (or BAD_REQUEST when its shape refuses the value);
//             at least one canary must reach the gate, or the field should be declared a token
//   screened  refused with BAD_REQUEST
//   token     refused with BAD_REQUEST
//   hashed, lookup, transient  whatever the answer, stored nowhere raw
// and no table holds any canary raw, except the identity columns that exist to hold identities.
// The fields come from walking the router (packages/testing/src/sweeps/router-walk.ts): a field added tomorrow is driven
// here the day it is declared, and a mutation with declared fields but no accepted base input below
// fails the test.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import {
  procedureAt,
  procedurePhiLeaves,
  type PhiLeaf,
} from "@frontdesk/testing/sweeps/router-walk";
import { codeOf } from "@frontdesk/testing/errors";
import type { PaymentProvider } from "../payments";

const SSN = "521-73-4190";
const PHONE = "903-140-4508";
const NAME = "Zelda Quartermain";
/** A name needs a cue for today's detector; the other two are found bare. */
const CANARIES = [SSN, PHONE, `Patient ${NAME}`];
/** What must never be stored raw (formats included). */
const RAW = [SSN, "521734190", PHONE, "9031404508", NAME, "Quartermain", "quartermain"];

/** Columns that hold a person's contact identity on purpose (declared `identity`), stored as given. */
const IDENTITY_COLUMNS = new Set([
  "public.bookings.attendee_name",
  "public.bookings.attendee_email",
  "public.orders.customer_email",
  "public.orders.shipping_address",
]);

const payments: PaymentProvider = {
  createPayment: (input) =>
    Promise.resolve({
      provider: "stripe",
      paymentIntentId: `pi_sweep_${input.orderId.slice(0, 8)}`,
      clientSecret: "pi_sweep_secret",
    }),
  cancelPayment: () => Promise.resolve(true),
  refund: () =>
    Promise.resolve({ refundId: `re_${randomUUID().slice(0, 8)}`, status: "succeeded" }),
};

let database: Database;
let tenant: TestTenant;
type Api = Awaited<ReturnType<typeof callerFor>>;
let api: Api;

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const availability = EVERY_DAY.map((weekday) => ({ weekday, start: "00:00", end: "24:00" }));
let resourceId = "";
let slotCounter = 0;
/** A fresh free slot every call: 30-minute slots from two days ahead. */
function freshSlot(): string {
  const start = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) +
      2 * 86_400_000,
  );
  return encodeSlotId(resourceId, new Date(start.getTime() + slotCounter++ * 30 * 60_000));
}
let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;
const items = () => [{ sku: "consult", name: "Consultation", quantity: 1, unitAmount: 5000 }];

/**
 * An accepted input per mutation that has declared fields, with every optional string field given
 * (so each can carry a canary). Each call builds fresh ids and slots, so a call may succeed.
 */
const BASE: Record<string, () => Promise<unknown>> = {
  "apiKeys.create": () =>
    Promise.resolve({ name: fresh("integration"), scopes: ["bookings:read"] }),
  "bookings.resources.create": () =>
    Promise.resolve({
      name: fresh("Room"),
      description: "Ground floor, step-free",
      timeZone: "UTC",
      slotMinutes: 30,
      availability,
    }),
  "bookings.resources.update": async () => {
    const r = await api.bookings.resources.create({
      name: fresh("Room"),
      slotMinutes: 30,
      availability,
    });
    return {
      id: r.id,
      name: fresh("Room"),
      description: "First floor",
      timeZone: "UTC",
      availability,
    };
  },
  "bookings.create": () =>
    Promise.resolve({
      slotId: freshSlot(),
      attendee: { name: "Ada Lovelace", email: "ada@example.com" },
      notes: "First visit",
      idempotencyKey: fresh("booking"),
    }),
  "bookings.cancel": async () => {
    const b = await api.bookings.create({
      slotId: freshSlot(),
      attendee: { name: "Ada Lovelace", email: "ada@example.com" },
    });
    return { id: b.id, reason: "Rescheduling later" };
  },
  "bookings.reschedule": async () => {
    const b = await api.bookings.create({
      slotId: freshSlot(),
      attendee: { name: "Ada Lovelace", email: "ada@example.com" },
    });
    return { id: b.id, slotId: freshSlot() };
  },
  "orders.create": () =>
    Promise.resolve({
      items: items(),
      currency: "USD",
      customerEmail: "ada@example.com",
      shippingAddress: {
        line1: "1 Main St",
        line2: "Unit 2",
        city: "Springfield",
        region: "IL",
        postalCode: "62701",
        country: "US",
      },
      notes: "Leave at the desk",
      idempotencyKey: fresh("order"),
    }),
  "orders.cancel": async () => {
    const o = await api.orders.create({
      items: items(),
      currency: "USD",
      idempotencyKey: fresh("order"),
    });
    return { id: o.id, reason: "Changed plans" };
  },
  "orders.refund": async () => {
    const o = await api.orders.create({
      items: items(),
      currency: "USD",
      idempotencyKey: fresh("order"),
    });
    await database.db.execute(sql`update orders set status = 'paid' where id = ${o.id}`);
    return { id: o.id, amount: 100, reason: "Goodwill", idempotencyKey: fresh("refund") };
  },
  "scores.configs.upsert": () =>
    Promise.resolve({
      name: fresh("mood"),
      kind: "categorical",
      categories: ["calm", "tense"],
      description: "How the caller sounded",
    }),
  "scores.configs.archive": async () => {
    const c = await api.scores.configs.upsert({
      name: fresh("nps"),
      kind: "numeric",
      min: 0,
      max: 10,
    });
    return { name: c.name };
  },
  "scores.record": () =>
    Promise.resolve({
      sessionId: fresh("session"),
      name: fresh("free"),
      value: "calm",
      comment: "Polite",
      metadata: { channel: "web", nested: { step: "intake" } },
      idempotencyKey: fresh("score"),
    }),
  "scores.update": async () => {
    const s = await api.scores.record({
      sessionId: fresh("session"),
      name: "label",
      value: "fine",
    });
    return { id: s.id, value: "better", comment: "Re-checked" };
  },
  "scores.scoreConversation": () =>
    Promise.resolve({
      sessionId: fresh("conversation"),
      messages: [
        { role: "user", content: "Can I book a cleaning?", at: new Date().toISOString() },
        { role: "assistant", content: "Yes, booked for Tuesday." },
      ],
      feedback: { rating: 5, comment: "Quick" },
      idempotencyKey: fresh("conversation-score"),
    }),
  "metrics.record": () =>
    Promise.resolve({ name: "visits", value: 1, unit: "count", tags: { channel: "web" } }),
  "metrics.recordBatch": () =>
    Promise.resolve({
      points: [{ name: "visits", value: 1, unit: "count", tags: { channel: "web" } }],
    }),
  "phi.scan": () =>
    Promise.resolve({ text: "nothing to see", source: "intake-form", record: true }),
  "tenant.update": () => Promise.resolve({ name: fresh("Sunrise Clinic"), timeZone: "UTC" }),
  "billing.checkoutSession": () =>
    Promise.resolve({ plan: "enterprise", returnUrl: "https://console.example/settings/billing" }),
  "billing.portalSession": () =>
    Promise.resolve({ returnUrl: "https://console.example/settings/billing" }),
  // Documentation addresses (192.0.2.0/24): no worker in this file, and refused before connecting anyway.
  "webhooks.endpoints.create": () =>
    Promise.resolve({ url: "https://192.0.2.30/hooks", description: "Assistant backend" }),
  "webhooks.endpoints.update": async () => {
    const e = await api.webhooks.endpoints.create({ url: "https://192.0.2.31/hooks" });
    return { id: e.id, url: "https://192.0.2.32/hooks", description: "Moved" };
  },
  "webhooks.endpoints.delete": async () => ({
    id: (await api.webhooks.endpoints.create({ url: "https://192.0.2.33/hooks" })).id,
  }),
  "webhooks.endpoints.rotateSecret": async () => ({
    id: (await api.webhooks.endpoints.create({ url: "https://192.0.2.34/hooks" })).id,
  }),
  "webhooks.sendTest": async () => ({
    endpointId: (await api.webhooks.endpoints.create({ url: "https://192.0.2.35/hooks" })).id,
  }),
  "webhooks.deliveries.replay": async () => {
    const e = await api.webhooks.endpoints.create({ url: "https://192.0.2.36/hooks" });
    return { id: (await api.webhooks.sendTest({ endpointId: e.id })).id };
  },
};

/** The segments of a leaf path: `points[].tags{key}` → points, [], tags, {key}. */
function segments(path: string): string[] {
  return path
    .replace(/\|\d+/g, "")
    .split(/(\[\]|\{key\}|\{value\}|\.)/)
    .filter((s) => s !== "" && s !== ".");
}

/** The input with `value` written at the leaf (for a record key: a new key holding a plain value). */
function inject(input: unknown, leaf: PhiLeaf, value: string): unknown[] {
  const root: unknown = structuredClone(input);
  const parts = segments(leaf.path);
  if (leaf.what === "free") {
    // A free JSON value: the canary as a value, and as a key one level down.
    return [
      setAt(root, parts, { note: value }),
      setAt(structuredClone(input), parts, { nested: { [value]: 1 } }),
    ];
  }
  return [setAt(root, parts, value)];
}

function setAt(root: unknown, parts: string[], value: unknown): unknown {
  if (parts.length === 0) return value;
  const box = { root };
  let parent: Record<string, unknown> = box;
  let key = "root";
  for (const part of parts) {
    const here = parent[key];
    if (part === "[]") {
      const list = Array.isArray(here) ? here : [{}];
      parent[key] = list;
      parent = list as unknown as Record<string, unknown>;
      key = "0";
    } else if (part === "{key}") {
      const record = { ...(here as Record<string, unknown>) };
      const sample = Object.values(record)[0] ?? "v";
      parent[key] = record;
      record[String(value)] = sample;
      return box.root;
    } else if (part === "{value}") {
      const record = { ...(here as Record<string, unknown>) };
      parent[key] = record;
      parent = record;
      key = Object.keys(record)[0] ?? "k";
    } else {
      const object =
        typeof here === "object" && here !== null ? (here as Record<string, unknown>) : {};
      parent[key] = object;
      parent = object;
      key = part;
    }
  }
  const current = parent[key];
  // A URL field keeps its shape: the canary goes into its query string.
  parent[key] =
    typeof current === "string" && current.startsWith("https://") && typeof value === "string"
      ? `${current}?note=${value}`
      : value;
  return box.root;
}

// Identity fields are stored as given by design; tokens are proven by their schema alone
// (sweeps/phi-fields.unit.test.ts), but are driven here too where the mutation has other fields.
const leaves = procedurePhiLeaves().filter(
  (l) => l.procedure.type === "mutation" && l.kind !== "identity",
);
const mutations = [
  ...new Set(leaves.filter((l) => l.kind !== "token").map((l) => l.procedure.path)),
].sort();
const outcomes: { leaf: string; kind: string; canary: string; code: string }[] = [];
const baseOutcomes: { path: string; code: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database);
  api = await callerFor(
    database,
    { userId: tenant.ownerUserId, tenantId: tenant.tenantId },
    { payments },
  );
  await api.phi.policy.update({ defaults: "block" });
  resourceId = (
    await api.bookings.resources.create({ name: "Sweep room", slotMinutes: 30, availability })
  ).id;

  for (const path of mutations) {
    const base = BASE[path];
    if (!base) continue;
    const call = procedureAt(api, path);
    // The base input alone is accepted (so a refusal below is the canary's doing).
    baseOutcomes.push({ path, code: (await codeOf(base().then(call))) ?? "OK" });
    for (const leaf of leaves.filter((l) => l.procedure.path === path)) {
      for (const canary of CANARIES) {
        // A key is unique per table: each hashed one gets its own suffix, the canary stays whole.
        const value = leaf.kind === "hashed" ? `${canary} #${++counter}` : canary;
        for (const input of inject(await base(), leaf, value)) {
          outcomes.push({
            leaf: `${path}: ${leaf.path}`,
            kind: leaf.kind ?? "none",
            canary,
            code: (await codeOf(call(input))) ?? "OK",
          });
        }
      }
    }
  }
}, 600_000);

afterAll(async () => {
  await database.close();
});

/** Every text-like column of every table, the sweep tenant's rows of tenant tables, with its raw hits. */
async function rawHits(): Promise<{ column: string; hits: number }[]> {
  const tenantTables = new Set(
    (
      await queryRows<{ name: string }>(
        database.db,
        sql`select table_schema || '.' || table_name as name from information_schema.columns where column_name = 'tenant_id' and table_schema = 'public'`,
      )
    ).map((r) => r.name),
  );
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
          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.data_type = 'ARRAY')
        order by 1, 2, 3`,
  );
  const found: { column: string; hits: number }[] = [];
  for (const c of columns) {
    const column = `${c.table_schema}.${c.table_name}.${c.column_name}`;
    const value = sql`${sql.identifier(c.column_name)}::text`;
    const ours = tenantTables.has(`${c.table_schema}.${c.table_name}`)
      ? sql`tenant_id = ${tenant.tenantId}::uuid and`
      : c.table_name === "tenants"
        ? sql`id = ${tenant.tenantId}::uuid and`
        : sql``;
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from ${sql.identifier(c.table_schema)}.${sql.identifier(c.table_name)}
          where ${ours} (${sql.join(
            RAW.map((r) => sql`${value} ilike ${`%${r}%`}`),
            sql` or `,
          )})`,
    );
    found.push({ column, hits: Number(row?.n ?? 0) });
  }
  return found;
}

describe("the PHI declarations hold through the router, policy block", () => {
  it("every mutation with declared fields has a base input, and each base input is accepted", () => {
    expect(mutations.filter((p) => !BASE[p])).toEqual([]);
    // Billing needs Stripe's billing side; without it the call is refused before anything happens.
    expect(baseOutcomes.filter((o) => o.code !== "OK" && !o.path.startsWith("billing."))).toEqual(
      [],
    );
    expect(outcomes.length).toBeGreaterThan(100);
  });

  it("a gated field refuses PHI with PRECONDITION_FAILED (each canary its shape lets through)", () => {
    const gated = outcomes.filter((o) => o.kind === "gated");
    expect(
      gated.filter((o) => o.code !== "PRECONDITION_FAILED" && o.code !== "BAD_REQUEST"),
    ).toEqual([]);
    const reached = new Set(
      gated.filter((o) => o.code === "PRECONDITION_FAILED").map((o) => o.leaf),
    );
    expect([...new Set(gated.map((o) => o.leaf))].filter((leaf) => !reached.has(leaf))).toEqual([]);
  });

  it("the fields the outside review found storing raw PHI now refuse it", () => {
    const refused = (leaf: string) =>
      outcomes.filter((o) => o.leaf === leaf && o.code === "PRECONDITION_FAILED").length;
    for (const leaf of [
      "scores.record: metadata",
      "scores.record: sessionId",
      "metrics.record: unit",
      "metrics.record: tags{key}",
      "metrics.recordBatch: points[].tags{key}",
      "orders.create: items[].name",
      "bookings.resources.create: name",
      "apiKeys.create: name",
      "scores.configs.upsert: categories[]",
      "tenant.update: name",
    ])
      expect(refused(leaf), leaf).toBeGreaterThan(0);
  });

  it("screened and token fields refuse PHI with BAD_REQUEST", () => {
    const shaped = outcomes.filter((o) => o.kind === "screened" || o.kind === "token");
    expect(shaped.length).toBeGreaterThan(0);
    expect(shaped.filter((o) => o.code !== "BAD_REQUEST")).toEqual([]);
  });

  it("hashed keys are accepted and answered like any key (same key, same result)", () => {
    const hashed = outcomes.filter((o) => o.kind === "hashed");
    expect(hashed.length).toBeGreaterThan(0);
    expect(hashed.filter((o) => o.code !== "OK")).toEqual([]);
  });

  it("leaves no raw canary in any table, except the identity columns", async () => {
    const hits = await rawHits();
    expect(hits.length).toBeGreaterThan(50);
    expect(hits.filter((h) => h.hits > 0 && !IDENTITY_COLUMNS.has(h.column))).toEqual([]);
  });

  it("records the refused writes as blocked events, masked", async () => {
    const [blocked] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from phi_detection_events where tenant_id = ${tenant.tenantId} and action = 'blocked' and source_kind = 'table'`,
    );
    expect(blocked?.n).toBeGreaterThan(20);
  });
});
