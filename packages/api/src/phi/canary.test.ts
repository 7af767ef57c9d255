// The PHI canary: synthetic PHI pushed through every procedure that takes free text — successful
// requests, failing ones (validation, conflicts, a payment provider failing after the gate, a
// blocking policy) and a failing alert job — while the API's and the worker's logs are captured.
// Then every text/json column of every table (public and the job queue's schema), read as the owner,
// must hold 0 raw occurrences, except the identity columns meant to hold them.
//
// The procedure list is checked against the router: a mutation with a field declared `gated`,
// `screened` or `transient` (phi-fields.ts) that is not driven here fails the test, so a new
// free-text field cannot ship without joining the canary. (Every declared field of every mutation is
// also driven one by one, under a blocking policy, by gate-sweep.test.ts.)
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { procedurePhiLeaves } from "@frontdesk/testing/sweeps/router-walk";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { startWorker } from "../../../../apps/worker/src/worker";
import * as sendAlerts from "../../../../apps/worker/src/jobs/phi/send-alerts";
import { describeErrorForLog } from "../errors";
import type { PaymentProvider } from "../payments";
import { appRouter } from "../root";

// ---- the canaries ----
const SSN = "521-73-4190"; // valid format (area 521, group 73, serial 4190), synthetic
const MRN = "00482913";
const CARD = "4539 1488 0343 6467"; // Luhn-valid test number
const NAME = "Zelda Quartermain";
const EMAIL = "zelda.quartermain@example.org";
/** What must never appear (formats included: digits only, the surname alone). */
const RAW = [SSN, "521734190", MRN, CARD, "4539148803436467", "Quartermain", "quartermain"];
const PHRASE = `my name is ${NAME}, SSN ${SSN}, MRN: ${MRN}, card ${CARD}`;
const SHORT = `my name is ${NAME}`; // for 100-character fields

/** Columns whose purpose is to hold an identity: stored as given, protected by RLS. */
const IDENTITY_COLUMNS = new Set([
  "public.bookings.attendee_name",
  "public.bookings.attendee_email",
  "public.orders.customer_email",
  "public.orders.shipping_address",
  // The recipient of a queued booking notice: the attendee's own address, which the mail must carry.
  "public.email_messages.to_address",
]);

/** Every procedure this canary drives with PHI (free text, or query filters). */
const COVERED = new Set<string>();

/** Procedures known to take free text; each must be covered once it exists in the router. */
const KNOWN_FREE_TEXT = [
  "bookings.resources.create",
  "bookings.resources.update",
  "bookings.create",
  "bookings.cancel",
  "orders.create",
  "orders.cancel",
  "orders.refund",
  "scores.configs.upsert",
  "scores.record",
  "scores.update",
  "scores.scoreConversation",
  "metrics.record",
  "metrics.recordBatch",
  "phi.scan",
  "apiKeys.create",
  "tenant.update",
  "webhooks.endpoints.create",
  "webhooks.endpoints.update",
];

// ---- captured logs ----
const logChunks: string[] = [];
const logger = pino(
  { level: "trace" },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logChunks.push(chunk.toString("utf8"));
      done();
    },
  }),
);
const errors: { path: string; code: string; message: string }[] = [];

let database: Database;
let masking: TestTenant;
let blocking: TestTenant;
let alerting: TestTenant;
let jobState = "";

const failingPayments: PaymentProvider = {
  createPayment: () => Promise.reject(new Error("payment provider unavailable")),
  cancelPayment: () => Promise.resolve(true),
  refund: () => Promise.reject(new Error("payment provider unavailable")),
};
let intents = 0;
const workingPayments: PaymentProvider = {
  createPayment: () =>
    Promise.resolve({
      provider: "stripe",
      paymentIntentId: `pi_canary_${++intents}`,
      clientSecret: `pi_canary_${intents}_secret`,
    }),
  cancelPayment: () => Promise.resolve(true),
  refund: () => Promise.reject(new Error("refund provider unavailable")),
};

type Api = Awaited<ReturnType<typeof callerFor>>;

async function apiFor(t: TestTenant, payments: PaymentProvider | null = null): Promise<Api> {
  return callerFor(database, { apiKey: t.adminKey }, { logger, payments });
}

/**
 * Runs one call as the web app's tRPC handler would see it, logging every error (not only internal
 * ones) with the handler's redaction, so error messages are part of what is checked.
 */
async function drive<T>(path: string, call: () => Promise<T>): Promise<T | undefined> {
  COVERED.add(path);
  try {
    return await call();
  } catch (error) {
    const code = error instanceof TRPCError ? error.code : "NOT_A_TRPC_ERROR";
    const message = error instanceof Error ? error.message : String(error);
    errors.push({ path, code, message });
    logger.error({ path, code, message, err: describeErrorForLog(error) }, "tRPC request failed");
    return undefined;
  }
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
function slotAt(resourceId: string, days: number, hour: number): string {
  const now = new Date();
  return encodeSlotId(
    resourceId,
    new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) +
        days * 86_400_000 +
        hour * 3_600_000,
    ),
  );
}

/** Every free-text procedure, driven with the canaries, for one tenant (whatever its policy). */
async function driveEverything(t: TestTenant, tag: string): Promise<void> {
  const api = await apiFor(t);

  // bookings
  const resource = await drive("bookings.resources.create", () =>
    api.bookings.resources.create({
      name: `Room ${tag}`,
      timeZone: "UTC",
      slotMinutes: 30,
      description: PHRASE,
      availability: EVERY_DAY.map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
    }),
  );
  // Blocked policy: the resource above was refused; later bookings need a resource anyway.
  const resourceId =
    resource?.id ??
    (
      await api.bookings.resources.create({
        name: `Plain ${tag}`,
        timeZone: "UTC",
        slotMinutes: 30,
        availability: EVERY_DAY.map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
      })
    ).id;
  await drive("bookings.resources.update", () =>
    api.bookings.resources.update({ id: resourceId, description: `updated: ${PHRASE}` }),
  );
  const attendee = { name: NAME, email: EMAIL };
  const booking = await drive("bookings.create", () =>
    api.bookings.create({ slotId: slotAt(resourceId, 3, 10), attendee, notes: PHRASE }),
  );
  // Fails after the gate: the slot is taken (CONFLICT on insert).
  await drive("bookings.create", () =>
    api.bookings.create({ slotId: slotAt(resourceId, 3, 10), attendee, notes: `again: ${PHRASE}` }),
  );
  // Fails validation (notes too long), PHI inside.
  await drive("bookings.create", () =>
    api.bookings.create({
      slotId: slotAt(resourceId, 3, 11),
      attendee,
      notes: `${PHRASE} `.repeat(80),
    }),
  );
  const plain =
    booking ?? (await api.bookings.create({ slotId: slotAt(resourceId, 3, 12), attendee }));
  await drive("bookings.cancel", () => api.bookings.cancel({ id: plain.id, reason: PHRASE }));
  await drive("bookings.cancel", () =>
    api.bookings.cancel({ id: plain.id, reason: `twice: ${PHRASE}` }),
  );

  // orders
  const items = [{ sku: "consult", name: "Consultation", quantity: 1, unitAmount: 5000 }];
  await drive("orders.create", () =>
    api.orders.create({
      items: [{ sku: `ssn-${SSN}`, name: `Refill for ${SHORT}`, quantity: 1, unitAmount: 100 }],
      currency: "USD",
      idempotencyKey: `key ${PHRASE}`,
    }),
  );
  const order = await drive("orders.create", () =>
    api.orders.create({
      items,
      currency: "USD",
      customerEmail: EMAIL,
      shippingAddress: {
        line1: `${NAME}, 1 Canary Way`,
        city: "Springfield",
        postalCode: "12345",
        country: "US",
      },
      notes: PHRASE,
      idempotencyKey: `canary-${tag}-1`,
    }),
  );
  // Fails after the gate: the payment provider is down.
  await drive("orders.create", async () =>
    (await apiFor(t, failingPayments)).orders.create({
      items,
      currency: "USD",
      notes: PHRASE,
      idempotencyKey: `canary-${tag}-2`,
    }),
  );
  // Same key, different input: CONFLICT.
  await drive("orders.create", () =>
    api.orders.create({
      items,
      currency: "USD",
      notes: `other ${PHRASE}`,
      idempotencyKey: `canary-${tag}-1`,
    }),
  );
  const plainOrder =
    order ??
    (await api.orders.create({ items, currency: "USD", idempotencyKey: `canary-${tag}-3` }));
  await drive("orders.cancel", () => api.orders.cancel({ id: plainOrder.id, reason: PHRASE }));
  const paid = await (
    await apiFor(t, workingPayments)
  ).orders.create({ items, currency: "USD", idempotencyKey: `canary-${tag}-4` });
  await database.db.execute(sql`update orders set status = 'paid' where id = ${paid.id}`);
  // Fails after the gate: the refund provider is down.
  await drive("orders.refund", async () =>
    (await apiFor(t, workingPayments)).orders.refund({ id: paid.id, amount: 100, reason: PHRASE }),
  );
  await drive("orders.refund", () =>
    api.orders.refund({ id: paid.id, amount: 100, reason: PHRASE }),
  );

  // scores
  await drive("scores.configs.upsert", () =>
    api.scores.configs.upsert({
      name: `nps-${tag}`,
      kind: "numeric",
      min: 0,
      max: 10,
      description: PHRASE,
    }),
  );
  const score = await drive("scores.record", () =>
    api.scores.record({
      sessionId: `s-${tag}`,
      name: "csat",
      value: 4,
      comment: PHRASE,
      metadata: { note: PHRASE, nested: { list: [PHRASE, 1] } },
    }),
  );
  await drive("scores.record", () =>
    api.scores.record({
      sessionId: `s-${tag} ${SSN}`,
      name: "csat",
      value: 3,
      metadata: { [`SSN ${SSN}`]: 1, nested: { [SHORT]: true } },
      idempotencyKey: `idem ${PHRASE}`,
    }),
  );
  await drive("scores.record", () =>
    api.scores.record({ sessionId: `s-${tag}`, name: "mood", value: SHORT }),
  );
  // Fails after the gate? No: out of the config's range, refused before; PHI in every field anyway.
  await drive("scores.record", () =>
    api.scores.record({
      sessionId: `s-${tag}`,
      name: `nps-${tag}`,
      value: 99,
      comment: PHRASE,
      metadata: { note: PHRASE },
    }),
  );
  if (score) {
    await drive("scores.update", () =>
      api.scores.update({ id: score.id, comment: `edited ${PHRASE}`, value: 5 }),
    );
  }
  await drive("scores.update", () =>
    api.scores.update({ id: "00000000-0000-4000-8000-000000000000", comment: PHRASE }),
  );
  await drive("scores.scoreConversation", () =>
    api.scores.scoreConversation({
      sessionId: `c-${tag}`,
      messages: [
        { role: "user", content: `Hi, ${PHRASE}. Can I book?` },
        { role: "assistant", content: "Of course, booked. Anything else?" },
      ],
      feedback: { rating: 5, thumbsUp: true, comment: PHRASE },
    }),
  );

  // metrics
  await drive("metrics.record", () =>
    api.metrics.record({ name: "visits", value: 1, tags: { who: SHORT, ssn: `SSN ${SSN}` } }),
  );
  await drive("metrics.record", () =>
    api.metrics.record({
      name: `visits.${SSN}`,
      value: 1,
      unit: `SSN ${SSN}`,
      tags: { [`ssn-${SSN}`]: "x" },
    }),
  );
  await drive("metrics.recordBatch", () =>
    api.metrics.recordBatch({
      points: [
        { name: "visits", value: 1, tags: { note: `MRN: ${MRN}` } },
        { name: "visits", value: 2, tags: { card: `card ${CARD}` } },
      ],
    }),
  );
  // Fails validation after nothing: a bad name with PHI in the tags.
  await drive("metrics.recordBatch", () =>
    api.metrics.recordBatch({ points: [{ name: "!!", value: 1, tags: { who: SHORT } }] }),
  );

  // platform: labels shown to every admin
  await drive("apiKeys.create", () =>
    api.apiKeys.create({ name: `key of ${SHORT}`, scopes: ["bookings:read"] }),
  );
  await drive("tenant.update", () => api.tenant.update({ name: `Clinic of ${SHORT}` }));
  const endpoint = await drive("webhooks.endpoints.create", () =>
    api.webhooks.endpoints.create({
      url: `https://192.0.2.44/in?ssn=${SSN}`,
      description: PHRASE,
    }),
  );
  const endpointId =
    endpoint?.id ?? (await api.webhooks.endpoints.create({ url: "https://192.0.2.44/in" })).id;
  await drive("webhooks.endpoints.update", () =>
    api.webhooks.endpoints.update({
      id: endpointId,
      url: `https://192.0.2.44/in?card=${CARD.replace(/ /g, "")}`,
      description: `again ${PHRASE}`,
    }),
  );

  // phi
  await drive("phi.scan", () => api.phi.scan({ text: PHRASE }));
  await drive("phi.scan", () =>
    api.phi.scan({ text: PHRASE, source: "canary-form", record: true }),
  );
  await drive("phi.scan", () => api.phi.scan({ text: PHRASE, source: SSN }));

  // queries with PHI in their filters: nothing stored, nothing logged
  await drive("metrics.query", () =>
    api.metrics.query({
      name: "visits",
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 3_600_000),
      bucket: "hour",
      aggregations: ["sum"],
      filter: { who: SHORT },
    }),
  );
  await drive("orders.list", () => api.orders.list({ customerEmail: EMAIL }));
  await drive("phiEvents.list", () => api.phiEvents.list({ source: `SSN ${SSN}` }));
  await drive("scores.list", () => api.scores.list({ sessionId: SHORT }));
}

/**
 * Every text-like column of every table the application or the queue owns, with its raw hits: the
 * canary tenants' rows of tenant tables (other test files share the database and store raw text on
 * purpose, e.g. under an `allow` policy), every row of global tables.
 */
async function rawHits(): Promise<{ column: string; hits: number }[]> {
  const tenantTables = new Set(
    (
      await queryRows<{ name: string }>(
        database.db,
        sql`select table_schema || '.' || table_name as name from information_schema.columns where column_name = 'tenant_id' and table_schema = 'public'`,
      )
    ).map((r) => r.name),
  );
  const tenantIds = [masking.tenantId, blocking.tenantId, alerting.tenantId];
  const columns = await queryRows<{
    table_schema: string;
    table_name: string;
    column_name: string;
  }>(
    database.db,
    sql`select c.table_schema, c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema in ('public', 'pgboss') and t.table_type = 'BASE TABLE'
          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.data_type = 'ARRAY')
        order by 1, 2, 3`,
  );
  const patterns = RAW.map((r) => `%${r}%`);
  const found: { column: string; hits: number }[] = [];
  for (const c of columns) {
    const column = `${c.table_schema}.${c.table_name}.${c.column_name}`;
    const value = sql`${sql.identifier(c.column_name)}::text`;
    const ours = tenantTables.has(`${c.table_schema}.${c.table_name}`)
      ? sql`tenant_id in (${sql.join(
          tenantIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and`
      : sql``;
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from ${sql.identifier(c.table_schema)}.${sql.identifier(c.table_name)}
          where ${ours} (${sql.join(
            patterns.map((p) => sql`${value} ilike ${p}`),
            sql` or `,
          )})`,
    );
    found.push({ column, hits: Number(row?.n ?? 0) });
  }
  return found;
}

/** Mutations with a field whose text reaches the gate or the detector, and those fields. */
function freeTextMutations(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const leaf of procedurePhiLeaves()) {
    if (
      leaf.procedure.type !== "mutation" ||
      !["gated", "screened", "transient"].includes(leaf.kind ?? "")
    )
      continue;
    // Billing's return URL goes to the payment provider, not to the gate.
    if (leaf.procedure.path.startsWith("billing.")) continue;
    out.set(leaf.procedure.path, [...(out.get(leaf.procedure.path) ?? []), leaf.path]);
  }
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase();
  masking = await createTenantWithKey(database);
  blocking = await createTenantWithKey(database);
  alerting = await createTenantWithKey(database);
  await (
    await apiFor(blocking)
  ).phi.policy.update({
    defaults: "mask",
    perType: { SSN: "block", MRN: "block", CREDIT_CARD: "block", NAME: "block" },
  });
  await (await apiFor(alerting)).phi.policy.update({ defaults: "alert", maskStyle: "hash" });

  await driveEverything(masking, "m");
  await driveEverything(blocking, "b");
  await driveEverything(alerting, "a");

  // The alert job, twice: once failing (the notifier echoes PHI in its error), once delivering.
  // Its own queue, confined to the tenant: other test files share the database and the queue schema.
  const queue = `${sendAlerts.queue}.canary-${alerting.tenantId.slice(0, 8)}`;
  const failing = sendAlerts.createHandler(
    () => ({ send: () => Promise.reject(new Error(`gateway refused alert about ${PHRASE}`)) }),
    { tenantId: alerting.tenantId },
  );
  const worker = await startWorker({
    database,
    logger,
    workerId: "canary",
    jobs: [{ queue, handler: failing, queueOptions: { retryLimit: 0 } }],
  });
  try {
    const id = await worker.boss.send(queue, {
      note: "no payload is needed; this one checks payloads are scanned too",
    });
    if (!id) throw new Error("no job id");
    const deadline = Date.now() + 60_000;
    while (!["completed", "failed", "cancelled"].includes(jobState) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      jobState = (await worker.boss.findJobs(queue, { id }))[0]?.state ?? "";
    }
  } finally {
    await worker.stop();
  }
  await database.db.execute(
    sql`update outbox set available_at = now() where tenant_id = ${alerting.tenantId} and kind = 'phi_alert'`,
  );
  await sendAlerts.sendPhiAlerts(database.db, sendAlerts.logNotifier(logger), {
    tenantId: alerting.tenantId,
  });
}, 300_000);

afterAll(async () => {
  await database.close();
});

describe("PHI canary", () => {
  it("drives every free-text procedure the router has", () => {
    const existing = new Set(Object.keys(appRouter._def.procedures));
    expect(KNOWN_FREE_TEXT.filter((p) => existing.has(p) && !COVERED.has(p))).toEqual([]);
    const discovered = [...freeTextMutations()]
      .filter(([path]) => !COVERED.has(path))
      .map(([path, fields]) => `${path}: ${fields.join(", ")}`);
    expect(discovered).toEqual([]);
  });

  it("exercised masking, blocking, alerting, failures and the alert job", async () => {
    const outcomes = await queryRows<{ tenant_id: string; action: string; n: number }>(
      database.db,
      sql`select tenant_id, action, count(*)::int as n from phi_detection_events
          where tenant_id in (${masking.tenantId}, ${blocking.tenantId}, ${alerting.tenantId}) group by 1, 2`,
    );
    const by = (t: TestTenant, action: string) =>
      outcomes.find((o) => o.tenant_id === t.tenantId && o.action === action)?.n ?? 0;
    expect(by(masking, "masked")).toBeGreaterThan(20);
    expect(by(alerting, "alerted")).toBeGreaterThan(20);
    // Blocked writes keep their (masked) events after their request rolled back.
    expect(by(blocking, "blocked")).toBeGreaterThan(0);
    const [fromWrites] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from phi_detection_events where tenant_id = ${blocking.tenantId} and action = 'blocked' and source_kind = 'table'`,
    );
    expect(fromWrites?.n).toBeGreaterThan(20);
    expect(errors.filter((e) => e.code === "PRECONDITION_FAILED").length).toBeGreaterThan(10);
    expect(errors.some((e) => e.code === "INTERNAL_SERVER_ERROR")).toBe(true);
    expect(errors.some((e) => e.code === "CONFLICT")).toBe(true);
    expect(errors.some((e) => e.code === "BAD_REQUEST")).toBe(true);
    const alerts = await queryRows<{ status: string; attempts: number }>(
      database.db,
      sql`select status, attempts from outbox where tenant_id = ${alerting.tenantId} and kind = 'phi_alert'`,
    );
    expect(alerts.length).toBeGreaterThan(5);
    expect(alerts.every((a) => a.status === "sent" && a.attempts === 2)).toBe(true);
    const log = logChunks.join("");
    expect(jobState).toBe("failed");
    expect(log).toContain("job failed");
    expect(log).toContain("PHI alert");
    // The identity columns do hold the canary: the scan below would see it.
    const [identity] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from bookings where tenant_id = ${masking.tenantId} and attendee_name = ${NAME}`,
    );
    expect(identity?.n).toBeGreaterThan(0);
  });

  it("leaves 0 raw occurrences in the API's and the worker's logs and in error messages", () => {
    const log = logChunks.join("");
    expect(log.length).toBeGreaterThan(1000);
    for (const raw of RAW) expect(log.includes(raw), `log contains ${raw}`).toBe(false);
    for (const raw of RAW) expect(errors.filter((e) => e.message.includes(raw))).toEqual([]);
  });

  it("leaves 0 raw occurrences in any table (outbox and job payloads included), except the identity columns", async () => {
    const hits = await rawHits();
    expect(hits.length).toBeGreaterThan(50);
    expect(hits.some((h) => h.column === "pgboss.job.data")).toBe(true);
    expect(hits.filter((h) => h.hits > 0 && !IDENTITY_COLUMNS.has(h.column))).toEqual([]);
    expect(
      hits
        .filter((h) => h.hits > 0)
        .map((h) => h.column)
        .sort(),
    ).toEqual([...IDENTITY_COLUMNS].sort());
  });
});
