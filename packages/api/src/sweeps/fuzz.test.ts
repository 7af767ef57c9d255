// Generated fuzz over HTTP: for every procedure in the router, hostile inputs (random JSON, wrong
// types, NaN/Infinity, huge strings and arrays, 1,000-deep nesting, `__proto__`/`constructor` keys,
// garbage bodies, oversized bodies) sent as raw fetch requests with a valid admin key. The server
// must answer with a client-error status — never 500 — and no body may carry SQL or stack text.
// Seeds are fixed per procedure (FUZZ_SEED overrides) so a failure reproduces. The REST routes
// (/api/v1) get the same generated inputs as path segments, query strings and JSON bodies.
import { createHash } from "node:crypto";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { createTenantWithKey } from "@frontdesk/testing/api";
import {
  startTestServer,
  TEST_MAX_BODY_BYTES,
  type TestServer,
} from "@frontdesk/testing/http-server";
import {
  inputShape,
  listProcedures,
  type ProcedureInfo,
} from "@frontdesk/testing/sweeps/router-walk";
import { nearValid } from "@frontdesk/testing/sweeps/zod-arbitrary";
import { restRequestFor } from "@frontdesk/testing/sweeps/rest-walk";
import { restRoutes, type RestRoute } from "../rest/routes";

const RUNS_PER_PROCEDURE = Number(process.env.FUZZ_RUNS ?? 30);
const ALLOWED_STATUSES = new Set([200, 400, 401, 403, 404, 409, 413, 429]);
// Node refuses request heads over 16 KiB with 431 before any application code runs.
const NODE_MAX_URL = 16 * 1024 - 512;
const LEAK =
  /select |insert |update |delete |from |where |constraint|violates|duplicate key|\bat .*\.ts:|node_modules|Error:/;

const procedures = listProcedures();

let database: Database;
let server: TestServer;
let adminKey: string;
const internalErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database, {
    onError: (error, path) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        internalErrors.push(`${path ?? "?"}: ${describeCause(error.cause)}`);
    },
  });
  adminKey = (await createTenantWithKey(database)).adminKey;
});

afterAll(async () => {
  await server.close();
  await database.close();
});

/** Enough to tell internal errors apart (SQLSTATE or message), never the input. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  const message = cause.message.slice(0, 120);
  return typeof code === "string"
    ? `${cause.name} ${code}: ${message}`
    : `${cause.name}: ${message}`;
}

type Encoding = "superjson" | "json" | "garbage";

interface Attempt {
  procedure: ProcedureInfo;
  input: unknown;
  encoding: Encoding;
  batch: boolean;
  /** Replaces the encoded payload (hand-written hostile JSON). */
  rawPayload?: string;
}

/** Plain JSON; bigints (which JSON cannot carry) become strings. */
function plainJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ??
    "null"
  );
}

function encode(attempt: Attempt): string {
  if (attempt.rawPayload !== undefined) return attempt.rawPayload;
  if (attempt.encoding === "garbage")
    return typeof attempt.input === "string" ? attempt.input : "{not json";
  if (attempt.encoding === "json") return plainJson(attempt.input);
  try {
    return JSON.stringify(superjson.serialize(attempt.input));
  } catch {
    // superjson refuses some shapes (e.g. `__proto__` keys): send them as plain JSON instead.
    return plainJson(attempt.input);
  }
}

/** Every string in the input, so an error message that merely echoes one is not mistaken for a leak. */
function sentStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof value === "string" && value.length >= 4)
    out.push(value.slice(0, 10_000), JSON.stringify(value.slice(0, 10_000)).slice(1, -1));
  else if (Array.isArray(value))
    for (const item of value.slice(0, 100)) sentStrings(item, out, depth + 1);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value).slice(0, 100)) {
      if (key.length >= 4) out.push(key);
      sentStrings(item, out, depth + 1);
    }
  }
  return out;
}

async function send(
  attempt: Attempt,
): Promise<{ status: number; body: string; described: string; urlTooLong: boolean }> {
  const { procedure } = attempt;
  const payload = encode(attempt);
  const wrapped = attempt.batch ? `{"0":${payload}}` : payload;
  const base = `${server.url}/api/trpc/${procedure.path}${attempt.batch ? "?batch=1" : ""}`;
  const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
  let url = base;
  let init: RequestInit;
  if (procedure.type === "query") {
    url = `${base}${attempt.batch ? "&" : "?"}input=${encodeURIComponent(wrapped)}`;
    init = { method: "GET", headers };
  } else {
    init = { method: "POST", headers, body: wrapped };
  }
  const response = await fetch(url, init);
  const body = await response.text();
  const described = `${init.method} ${procedure.path} (${attempt.encoding}${attempt.batch ? ", batch" : ""}) ${payload.slice(0, 300)}`;
  return { status: response.status, body, described, urlTooLong: url.length > NODE_MAX_URL };
}

async function check(attempt: Attempt): Promise<void> {
  const { status, body, described, urlTooLong } = await send(attempt);
  if (urlTooLong) {
    // Node answers 431 itself (the transport, before tRPC); queries that big do not exist.
    expect([413, 414, 431], described).toContain(status);
    return;
  }
  expect(ALLOWED_STATUSES.has(status), `${status} for ${described}: ${body.slice(0, 500)}`).toBe(
    true,
  );
  let visible = body;
  for (const echoed of sentStrings(attempt.input)) visible = visible.split(echoed).join("");
  expect(LEAK.exec(visible)?.[0], `leak in ${described}: ${body.slice(0, 500)}`).toBeUndefined();
}

// ---- generators ----

const hostileStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "'; drop table bookings; --",
  "1' or '1'='1",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "../../etc/passwd",
  "%00%ff",
  "😀".repeat(20),
  "\ud800",
  "<script>alert(1)</script>",
  "9999-99-99T99:99:99Z",
  "-1",
  "NaN",
);
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "prototype",
      "toString",
      "id",
      "idempotencyKey",
      "json",
      "meta",
    ),
  },
);
const leaf = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    2 ** 53 + 2,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.string({ maxLength: 40 }),
  hostileStrings,
  fc.date({ noInvalidDate: false }),
  fc.bigInt(),
);
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 6 }),
    fc.dictionary(key, tie("value"), { maxKeys: 6 }),
  ),
}));

/**
 * Random values; objects with the procedure's own field names holding random values; and values
 * that mostly pass its schema with hostile strings inside (to reach the service and the database).
 */
function inputFor(procedure: ProcedureInfo): fc.Arbitrary<unknown> {
  const fields = Object.keys(inputShape(procedure));
  const shaped =
    fields.length === 0
      ? hostileValue
      : fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: fields.length });
  const [schema] = procedure.inputs;
  if (schema === undefined) return fc.oneof(hostileValue, shaped);
  return fc.oneof(
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: shaped },
    { weight: 3, arbitrary: nearValid(schema, hostileValue) },
  );
}

function seedOf(path: string): number {
  const fixed = process.env.FUZZ_SEED;
  if (fixed) return Number(fixed);
  return createHash("sha256").update(path).digest().readInt32LE(0);
}

function nested(depth: number, leafValue: unknown, asObject: boolean): unknown {
  let current = leafValue;
  for (let i = 0; i < depth; i++) current = asObject ? { a: current } : [current];
  return current;
}

/** The deterministic extremes, sized to what each method can carry. */
function extremes(procedure: ProcedureInfo): Attempt[] {
  const isQuery = procedure.type === "query";
  const fields = Object.keys(inputShape(procedure));
  const huge = "x".repeat(isQuery ? 10_000 : 1_000_000);
  const hugeArray = Array.from({ length: isQuery ? 2_000 : 100_000 }, (_, i) => i);
  const base = { procedure, batch: false, encoding: "superjson" as Encoding };
  const attempts: Attempt[] = [
    { ...base, input: huge },
    { ...base, input: hugeArray },
    { ...base, input: nested(1_000, 1, false) },
    {
      ...base,
      input: Object.fromEntries(
        fields.map((f) => [
          f,
          huge.slice(
            0,
            isQuery ? 10_000 / Math.max(1, fields.length) : 900_000 / Math.max(1, fields.length),
          ),
        ]),
      ),
    },
    {
      ...base,
      input: Object.fromEntries(fields.map((f) => [f, hugeArray.slice(0, isQuery ? 200 : 10_000)])),
    },
    { ...base, input: Object.fromEntries(fields.map((f) => [f, Number.NaN])) },
    { ...base, input: Object.fromEntries(fields.map((f) => [f, null])) },
    {
      ...base,
      input: null,
      rawPayload:
        '{"json":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}',
    },
    {
      ...base,
      input: null,
      rawPayload:
        '{"json":{"a":"2020-01-01"},"meta":{"values":{"__proto__.polluted":["Date"],"a":["class","Nope"]}}}',
    },
    {
      ...base,
      input: null,
      rawPayload:
        '{"json":{"a":1},"meta":{"values":{"a":[["custom","x"]]},"referentialEqualities":{"a":["constructor.prototype"]}}}',
    },
    { ...base, input: null, encoding: "garbage", rawPayload: '{"json":' },
  ];
  if (!isQuery) attempts.push({ ...base, input: nested(1_000, 1, true) });
  return attempts;
}

describe("fuzz over HTTP: never a 500, never a leak", () => {
  it.each(procedures.map((p) => [p.path, p] as const))("%s", async (_path, procedure) => {
    internalErrors.length = 0;
    for (const attempt of extremes(procedure)) await check(attempt);
    await fc.assert(
      fc.asyncProperty(
        inputFor(procedure),
        fc.constantFrom<Encoding>("superjson", "superjson", "json", "garbage"),
        fc.boolean(),
        async (input, encoding, batch) => check({ procedure, input, encoding, batch }),
      ),
      { numRuns: RUNS_PER_PROCEDURE, seed: seedOf(procedure.path), endOnFailure: true },
    );
    expect(internalErrors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The key still works: the statuses above were the server judging the input, not a dead key.
    const control = await fetch(`${server.url}/api/trpc/tenant.get`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(control.status).toBe(200);
  });

  it("answers 413 to a body over the limit, declared or chunked", async () => {
    const body = JSON.stringify({ json: { text: "x".repeat(TEST_MAX_BODY_BYTES) } });
    const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
    const declared = await fetch(`${server.url}/api/trpc/scores.record`, {
      method: "POST",
      headers,
      body,
    });
    expect(declared.status).toBe(413);
    expect(await declared.text()).not.toMatch(LEAK);
    const bytes = new TextEncoder().encode(body);
    const chunked = await fetch(`${server.url}/api/trpc/scores.record`, {
      method: "POST",
      headers,
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024)
            controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
    });
    expect(chunked.status).toBe(413);
  });

  it("refuses a batch of more than 50 calls", async () => {
    const paths = Array.from({ length: 51 }, () => "ping").join(",");
    const input = encodeURIComponent(
      JSON.stringify(
        Object.fromEntries(Array.from({ length: 51 }, (_, i) => [String(i), { json: null }])),
      ),
    );
    const response = await fetch(`${server.url}/api/trpc/${paths}?batch=1&input=${input}`);
    expect(response.status).toBe(400);
  });
});

// ---- the REST routes ----

const REST_ALLOWED_STATUSES = new Set([...ALLOWED_STATUSES, 201, 415]);
// LEAK with SQL matched as statements: the services' own English messages ("scores come from
// signed-in users") reach REST clients verbatim in `detail` and are not leaks.
const REST_LEAK =
  /\bselect\s[^"]{1,200}\sfrom\s|insert into|update \w+ set|delete from|constraint|violates|duplicate key|\bat .*\.ts:|node_modules|Error:/i;

async function checkRest(route: RestRoute, input: unknown, rawBody?: string): Promise<void> {
  const request = restRequestFor(route, input, adminKey);
  if (rawBody !== undefined) request.body = rawBody;
  const url = `${server.url}${request.url}`;
  const response = await fetch(url, request);
  const body = await response.text();
  const described = `${route.method} ${request.url.slice(0, 300)} ${(request.body ?? "").slice(0, 300)}`;
  if (url.length > NODE_MAX_URL) {
    expect([413, 414, 431], described).toContain(response.status);
    return;
  }
  expect(
    REST_ALLOWED_STATUSES.has(response.status),
    `${response.status} for ${described}: ${body.slice(0, 500)}`,
  ).toBe(true);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), described).toBe("application/problem+json");
  }
  let visible = body;
  for (const echoed of sentStrings(input)) visible = visible.split(echoed).join("");
  expect(
    REST_LEAK.exec(visible)?.[0],
    `leak in ${described}: ${body.slice(0, 500)}`,
  ).toBeUndefined();
}

describe("fuzz over HTTP, REST routes: never a 500, never a leak", () => {
  it.each(restRoutes().map((r) => [`${r.method} /api/v1${r.path}`, r] as const))(
    "%s",
    async (_name, route) => {
      const procedure = procedures.find((p) => p.path === route.procedure);
      if (!procedure) throw new Error(`no procedure ${route.procedure}`);
      internalErrors.length = 0;
      const fields = Object.keys(inputShape(procedure));
      const hostile = [
        "../../etc/passwd",
        "%00",
        "x".repeat(5_000),
        "\u0000",
        "'; drop table bookings; --",
      ];
      for (const value of hostile)
        await checkRest(route, Object.fromEntries(fields.map((f) => [f, value])));
      if (route.method !== "GET" && route.method !== "DELETE") {
        for (const raw of [
          '{"__proto__":{"polluted":true}}',
          "{not json",
          "[]",
          "null",
          "1e999",
          `${"[".repeat(1_000)}${"]".repeat(1_000)}`,
        ]) {
          await checkRest(route, {}, raw);
        }
      }
      await fc.assert(
        fc.asyncProperty(inputFor(procedure), async (input) => checkRest(route, input)),
        {
          numRuns: Math.min(RUNS_PER_PROCEDURE, 20),
          seed: seedOf(`rest:${route.procedure}`),
          endOnFailure: true,
        },
      );
      expect(internalErrors).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
