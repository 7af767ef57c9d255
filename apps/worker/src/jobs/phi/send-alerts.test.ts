import { Writable } from "node:stream";
import { outbox, queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { sql } from "drizzle-orm";
import { pino, type Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQueuedJob } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as sendAlerts from "./send-alerts";

const SSN = "521-73-4190";
const NAME = "Zelda Quartermain";
const RAW = [SSN, "521734190", NAME, "Quartermain"];

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

function capturingLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: pino({ level: "trace" }, stream), text: () => chunks.join("") };
}

/** A tenant whose policy alerts on SSNs, and one alert raised through the real gate. */
async function tenantWithAlert(): Promise<{ tenant: TestTenant; outboxId: string }> {
  const tenant = await createTenantWithKey(database);
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  await api.phi.policy.update({ defaults: "mask", perType: { SSN: "alert" } });
  await api.scores.record({
    sessionId: "s",
    name: "csat",
    value: 3,
    comment: `my name is ${NAME}, SSN ${SSN}`,
  });
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from outbox where tenant_id = ${tenant.tenantId} and kind = 'phi_alert'`,
  );
  if (!row) throw new Error("the gate enqueued no alert");
  return { tenant, outboxId: row.id };
}

async function outboxRow(id: string) {
  const [row] = await queryRows<{
    status: string;
    attempts: number;
    last_error: string | null;
    due_later: boolean;
    sent_at: Date | null;
  }>(
    database.db,
    sql`select status, attempts, last_error, available_at > now() as due_later, sent_at from outbox where id = ${id}`,
  );
  return row;
}

function expectNoRaw(text: string): void {
  for (const raw of RAW) expect(text).not.toContain(raw);
}

describe("phi.send-alerts", () => {
  it("sends each due alert once through the notifier, ids and counts only, and marks it sent", async () => {
    const { tenant, outboxId } = await tenantWithAlert();
    const sent: sendAlerts.PhiAlert[] = [];
    const result = await sendAlerts.sendPhiAlerts(
      database.db,
      { send: (a) => Promise.resolve(void sent.push(a)) },
      { tenantId: tenant.tenantId },
    );
    expect(result).toEqual({ sent: 1, retrying: 0, gaveUp: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      outboxId,
      tenantId: tenant.tenantId,
      attempt: 1,
      types: { SSN: 1, NAME: 1 },
      findings: 2,
      source: { kind: "table", table: "conversation_scores", field: "comment" },
      actor: { type: "api_key" },
    });
    expect(sent[0]?.eventIds).toHaveLength(2);
    expectNoRaw(JSON.stringify(sent));
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "sent",
      attempts: 1,
      last_error: null,
    });

    // Idempotent: nothing is due any more.
    expect(
      await sendAlerts.sendPhiAlerts(
        database.db,
        { send: () => Promise.reject(new Error("must not be called")) },
        { tenantId: tenant.tenantId },
      ),
    ).toEqual({
      sent: 0,
      retrying: 0,
      gaveUp: 0,
    });
  });

  it("the default notifier logs one structured line without text; unknown payload fields never reach it", async () => {
    const tenant = await createTenantWithKey(database);
    const [row] = await database.db
      .insert(outbox)
      .values({
        tenantId: tenant.tenantId,
        kind: "phi_alert",
        // Someone put text in a payload: it is dropped, not forwarded.
        payload: {
          version: 1,
          eventIds: [],
          types: { SSN: 1 },
          findings: 1,
          source: { kind: "api", api: "phi.scan" },
          text: `SSN ${SSN}`,
          requestId: SSN,
        },
      })
      .returning({ id: outbox.id });
    const [bad] = await database.db
      .insert(outbox)
      .values({
        tenantId: tenant.tenantId,
        kind: "phi_alert",
        payload: { note: `my name is ${NAME}` },
      })
      .returning({ id: outbox.id });
    const log = capturingLogger();
    const result = await sendAlerts.sendPhiAlerts(database.db, sendAlerts.logNotifier(log.logger), {
      tenantId: tenant.tenantId,
    });
    expect(result).toEqual({ sent: 1, retrying: 0, gaveUp: 1 });
    const lines = log
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string; alert: Record<string, unknown> });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toBe("PHI alert");
    expect(lines[0]?.alert).toMatchObject({
      outboxId: row?.id,
      types: { SSN: 1 },
      source: { kind: "api", api: "phi.scan" },
      requestId: null,
    });
    expectNoRaw(log.text());
    expect(await outboxRow(bad?.id ?? "")).toMatchObject({
      status: "failed",
      last_error: "not a PHI alert payload",
    });
  });

  it("retries with backoff and gives up after the last attempt", async () => {
    const { tenant, outboxId } = await tenantWithAlert();
    const failing = { send: () => Promise.reject(new Error(`gateway said: ${SSN}`)) };
    expect(
      await sendAlerts.sendPhiAlerts(database.db, failing, {
        tenantId: tenant.tenantId,
        maxAttempts: 2,
      }),
    ).toEqual({ sent: 0, retrying: 1, gaveUp: 0 });
    const after1 = await outboxRow(outboxId);
    expect(after1).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "Error",
      due_later: true,
    });
    // Not due yet: a second run leaves it alone.
    expect(
      await sendAlerts.sendPhiAlerts(database.db, failing, {
        tenantId: tenant.tenantId,
        maxAttempts: 2,
      }),
    ).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });
    await database.db.execute(sql`update outbox set available_at = now() where id = ${outboxId}`);
    expect(
      await sendAlerts.sendPhiAlerts(database.db, failing, {
        tenantId: tenant.tenantId,
        maxAttempts: 2,
      }),
    ).toEqual({ sent: 0, retrying: 0, gaveUp: 1 });
    expect(await outboxRow(outboxId)).toMatchObject({ status: "failed", attempts: 2 });
    expect(sendAlerts.backoffSeconds(1)).toBe(30);
    expect(sendAlerts.backoffSeconds(3)).toBe(120);
    expect(sendAlerts.backoffSeconds(30)).toBe(6 * 3600);
  });

  it("through the queue: a failing notifier fails the job, the alert stays pending with attempts + 1, and nothing raw is logged", async () => {
    const { tenant, outboxId } = await tenantWithAlert();
    const log = capturingLogger();
    // Its own queue and tenant: other test files share the database and the queue schema.
    const queue = `${sendAlerts.queue}.test-${tenant.tenantId.slice(0, 8)}`;
    const worker = await startWorker({
      database,
      logger: log.logger,
      workerId: "test-phi-send-alerts",
      jobs: [
        {
          queue,
          handler: sendAlerts.createHandler(
            () => ({ send: () => Promise.reject(new Error(`gateway said: ${SSN} for ${NAME}`)) }),
            { tenantId: tenant.tenantId },
          ),
          queueOptions: { retryLimit: 0 },
        },
      ],
    });
    try {
      const state = await runQueuedJob(worker.boss, queue);
      expect(state).toBe("failed");
    } finally {
      await worker.stop();
    }
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "Error",
      due_later: true,
      sent_at: null,
    });
    expect(log.text()).toContain("job failed");
    expect(log.text()).toContain("PhiAlertDeliveryError");
    expectNoRaw(log.text());
  });
});
