// The REST routes over real HTTP on loopback (both back ends): an integrator with nothing but fetch,
// a client generated from the OpenAPI document (openapi-typescript + openapi-fetch), and the parts
// the routes share with /api/trpc — auth before the body, scopes, problem bodies with the stable
// code, Idempotency-Key, Retry-After on 429 and 503, the PHI gate and the audit log.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createTenantWithKey,
  everyDay,
  type TestTenant,
} from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import { BodyReadGate } from "../http";
import type { paths } from "./fixtures/openapi-types";

type BookingBody = paths["/api/v1/bookings"]["post"]["requestBody"]["content"]["application/json"];

let database: Database;
let server: TestServer;
let tenant: TestTenant;
let resourceId: string;

const DAY = 86_400_000;

async function rest(
  method: string,
  path: string,
  options: {
    key?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
    rawBody?: string;
  } = {},
): Promise<{
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { items?: { id: string }[] };
}> {
  const key = options.key === undefined ? tenant.adminKey : options.key;
  const headers: Record<string, string> = { ...options.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as never,
  };
}

async function freeSlot(offsetDays = 1): Promise<string> {
  const from = new Date(Date.now() + offsetDays * DAY).toISOString();
  const to = new Date(Date.now() + (offsetDays + 7) * DAY).toISOString();
  const { status, body } = await rest(
    "GET",
    `/resources/${resourceId}/slots?from=${from}&to=${to}`,
  );
  expect(status).toBe(200);
  const slots = body as unknown as { slotId: string; available: boolean }[];
  const free = slots.find((s) => s.available);
  if (!free) throw new Error("no free slot");
  return free.slotId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database);
  tenant = await createTenantWithKey(database);
  const created = await rest("POST", "/resources", {
    body: {
      name: "Room 1",
      slotMinutes: 30,
      availability: everyDay(),
    },
  });
  expect(created.status).toBe(201);
  resourceId = String(created.body.id);
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

describe("an integrator with nothing but fetch (no Frontdesk code, its own process)", () => {
  it("books a slot, reads it back, replays by Idempotency-Key and gets CONFLICT by code", async () => {
    const script = fileURLToPath(new URL("./fixtures/integrator.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: {
        PATH: process.env.PATH ?? "",
        FRONTDESK_URL: server.url,
        FRONTDESK_API_KEY: tenant.adminKey,
        RESOURCE_ID: resourceId,
      },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(result.slots).toMatchObject({ status: 200 });
    expect(result.created).toMatchObject({ status: 201, status_: "confirmed" });
    expect(result.replayed).toEqual({ status: 201, id: result.created?.id });
    expect(result.read).toMatchObject({
      status: 200,
      id: result.created?.id,
      attendee: { name: "Ada Lovelace", email: "ada@example.com" },
    });
    expect(typeof result.read?.start).toBe("string");
    expect(result.taken).toMatchObject({
      status: 409,
      type: "application/problem+json",
      code: "CONFLICT",
    });
    expect(result.listed?.ids).toContain(result.created?.id);
    expect(result.cancelled).toEqual({ status: 200, bookingStatus: "cancelled" });
  });
});

describe("a client generated from the OpenAPI document (openapi-typescript + openapi-fetch)", () => {
  it("creates a booking, reads it back and handles CONFLICT by code", async () => {
    const client = createClient<paths>({
      baseUrl: server.url,
      headers: { authorization: `Bearer ${tenant.adminKey}` },
    });
    const from = new Date(Date.now() + 10 * DAY).toISOString();
    const to = new Date(Date.now() + 12 * DAY).toISOString();
    const slots = await client.GET("/api/v1/resources/{resourceId}/slots", {
      params: { path: { resourceId }, query: { from, to } },
    });
    const slot = slots.data?.find((s) => s.available);
    if (!slot) throw new Error("no free slot");

    const created = await client.POST("/api/v1/bookings", {
      params: { header: { "Idempotency-Key": `typed-${slot.slotId}` } },
      body: {
        slotId: slot.slotId,
        attendee: { name: "Grace Hopper", email: "grace@example.com" },
        requireConfirmation: true,
      },
    });
    expect(created.response.status).toBe(201);
    const booking = created.data;
    if (!booking) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
    expect(booking.status).toBe("pending");

    const read = await client.GET("/api/v1/bookings/{id}", {
      params: { path: { id: booking.id } },
    });
    expect(read.data).toMatchObject({ id: booking.id, slotId: slot.slotId, status: "pending" });

    const again = await client.POST("/api/v1/bookings", {
      body: { slotId: slot.slotId, attendee: { name: "Someone Else", email: "else@example.com" } },
    });
    expect(again.data).toBeUndefined();
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe("CONFLICT");

    const confirmed = await client.POST("/api/v1/bookings/{id}/confirm", {
      params: { path: { id: booking.id } },
    });
    expect(confirmed.data?.status).toBe("confirmed");

    // A wrong field is a type error, not a runtime surprise.
    const wrong: BookingBody = {
      slotId: slot.slotId,
      attendee: {
        name: "A",
        email: "a@example.com",
        // @ts-expect-error `attendee.phone` is not in the document
        phone: "1",
      },
    };
    void wrong;
  });

  it("sends arrays as repeated keys and records as deepObject (metrics)", async () => {
    const client = createClient<paths>({
      baseUrl: server.url,
      headers: { authorization: `Bearer ${tenant.adminKey}` },
    });
    const at = new Date(Date.now() - 60_000).toISOString();
    const recorded = await client.POST("/api/v1/metrics/batch", {
      body: {
        points: [
          { name: "rest.calls", value: 2, tags: { channel: "voice" }, at },
          { name: "rest.calls", value: 5, tags: { channel: "chat" }, at },
        ],
      },
    });
    expect(recorded.data).toEqual({ accepted: 2 });
    const queried = await client.GET("/api/v1/metrics/query", {
      params: {
        query: {
          name: "rest.calls",
          from: new Date(Date.now() - DAY).toISOString(),
          to: new Date(Date.now() + 60_000).toISOString(),
          bucket: "day",
          aggregations: ["sum", "count"],
          filter: { channel: "voice" },
        },
      },
    });
    expect(queried.error).toBeUndefined();
    const points = queried.data?.series.flatMap((s) => s.points) ?? [];
    expect(points.reduce((sum, p) => sum + (p.sum ?? 0), 0)).toBe(2);
    expect(points.reduce((sum, p) => sum + (p.count ?? 0), 0)).toBe(1);
  });
});

describe("the same rules as /api/trpc", () => {
  it("refuses a mutation without a valid key before reading its body (401 problem)", async () => {
    const none = await rest("POST", "/bookings", { key: null, body: { slotId: "x" } });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect(none.body).toMatchObject({ status: 401, code: "UNAUTHORIZED", title: "Unauthorized" });
    const bad = await rest("GET", "/bookings", {
      key: "fd_live_not-a-real-key-at-all-000000000000",
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("UNAUTHORIZED");
  });

  it("applies the key's scopes from the policy map (403)", async () => {
    const readOnly = await createKey(database, tenant.tenantId, ["bookings:read"]);
    const listed = await rest("GET", "/bookings", { key: readOnly });
    expect(listed.status).toBe(200);
    const refused = await rest("POST", "/bookings", {
      key: readOnly,
      body: { slotId: await freeSlot(20), attendee: { name: "A", email: "a@example.com" } },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: "FORBIDDEN",
      detail: "This API key lacks the bookings:write scope",
    });
    const orders = await rest("GET", "/orders", { key: readOnly });
    expect(orders.status).toBe(403);
  });

  it("answers another tenant's id as NOT_FOUND", async () => {
    const other = await createTenantWithKey(database);
    const mine = await rest("POST", "/bookings", {
      body: { slotId: await freeSlot(22), attendee: { name: "B", email: "b@example.com" } },
    });
    expect(mine.status).toBe(201);
    const theirs = await rest("GET", `/bookings/${String(mine.body.id)}`, { key: other.adminKey });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("NOT_FOUND");
  });

  it("names the rejected fields without echoing their values (400)", async () => {
    const invalid = await rest("POST", "/bookings", {
      body: { slotId: "078-05-1120", attendee: { name: "", email: "not-an-email" } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe("BAD_REQUEST");
    const issues = invalid.body.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["slotId", "attendee.name", "attendee.email"]),
    );
    expect(JSON.stringify(invalid.body)).not.toContain("078-05-1120");
    const typo = await rest("GET", "/bookings?limt=5");
    expect(typo.status).toBe(400);
    expect(typo.body.detail).toContain('Unknown query parameter "limt"');
    expect((await rest("GET", "/bookings?limit=500")).status).toBe(400);
    expect(
      (
        await rest("POST", "/bookings", {
          rawBody: "{",
          headers: { "content-type": "application/json" },
        })
      ).body.detail,
    ).toBe("The body is not valid JSON");
    expect(
      (
        await rest("POST", "/bookings", {
          rawBody: "slotId=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
      ).status,
    ).toBe(415);
  });

  it("answers unknown routes 404 and wrong methods 405 with Allow", async () => {
    expect((await rest("GET", "/nope")).status).toBe(404);
    // Console-only procedures have no REST route.
    expect((await rest("GET", "/api-keys")).status).toBe(404);
    const wrong = await rest("DELETE", "/bookings");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
  });

  it("limits bodies per procedure like /api/trpc (413)", async () => {
    const tooLarge = await rest("POST", "/bookings", {
      body: { slotId: "x", notes: "n".repeat(70 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("takes Idempotency-Key on creates only, and refuses a key reused with other input", async () => {
    const slotId = await freeSlot(24);
    const first = await rest("POST", "/bookings", {
      body: { slotId, attendee: { name: "C", email: "c@example.com" } },
      headers: { "idempotency-key": "k-24" },
    });
    expect(first.status).toBe(201);
    const otherInput = await rest("POST", "/bookings", {
      body: { slotId, attendee: { name: "D", email: "d@example.com" } },
      headers: { "idempotency-key": "k-24" },
    });
    expect(otherInput.status).toBe(409);
    expect(otherInput.body.code).toBe("CONFLICT");
    const notACreate = await rest("POST", `/bookings/${String(first.body.id)}/cancel`, {
      body: {},
      headers: { "idempotency-key": "k-25" },
    });
    expect(notACreate.status).toBe(400);
    expect(notACreate.body.detail).toContain("does not take an Idempotency-Key");
    // orders.create requires a key: without the header it is the schema's 400.
    const order = await rest("POST", "/orders", {
      body: { items: [{ sku: "a", name: "A", quantity: 1, unitAmount: 100 }], currency: "usd" },
    });
    expect(order.status).toBe(400);
    expect(order.body.issues).toEqual([expect.objectContaining({ path: "idempotencyKey" })]);
  });

  it("passes free text through the PHI gate and writes the audit row, as the procedure does", async () => {
    const created = await rest("POST", "/bookings", {
      body: {
        slotId: await freeSlot(26),
        attendee: { name: "E", email: "e@example.com" },
        notes: "SSN 078-05-1120 on file",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.notes).not.toContain("078-05-1120");
    const admin = await callerFor(database, { apiKey: tenant.adminKey });
    const audit = await admin.audit.list({ limit: 50 });
    expect(
      audit.items.some((e) => e.action === "bookings.create" && e.targetId === created.body.id),
    ).toBe(true);
  });

  it("sends Retry-After with 429 (rate limit)", async () => {
    const limited = await startTestServer(database, { rateLimits: { perApiKey: 2, perUser: 2 } });
    try {
      const key = await createKey(database, tenant.tenantId, ["bookings:read"]);
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await fetch(`${limited.url}/api/v1/bookings?limit=1`, {
          headers: { authorization: `Bearer ${key}` },
        });
      }
      expect(last?.status).toBe(429);
      const retryAfter = Number(last?.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      const problem = (await last?.json()) as { code: string; retryAfter: number };
      expect(problem).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfter });
    } finally {
      await limited.close();
    }
  });

  it("sends Retry-After with 503 when the server is reading too many bodies", async () => {
    const busy = await startTestServer(database, { gate: new BodyReadGate({ capacityBytes: 0 }) });
    try {
      const response = await fetch(`${busy.url}/api/v1/phi/scan`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "hello" }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await response.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfter: 1 });
    } finally {
      await busy.close();
    }
  });

  it("serves the OpenAPI document without authentication", async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/v1/bookings/{id}");
  });
});
