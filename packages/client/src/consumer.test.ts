// An integrator's project OUTSIDE the workspace: the SDK as `pnpm pack` publishes it, installed with
// plain npm into a fresh folder under the system's temporary directory, an example type-checked with
// `tsc --strict` (a wrong input field must be a type error: the example asserts it with a
// `@ts-expect-error` directive, so tsc fails if it ever compiles) and run with node against a real server started
// here: create a booking, read it back, handle the CONFLICT of a second booking of the same slot by
// `error.data.code`, and verify a webhook delivery the server sent with `verifyWebhook`. CommonJS
// `require` is checked too. npm reads its cache first (--prefer-offline): the registry is asked only
// for what the cache lacks.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "@frontdesk/api";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import type { Database } from "@frontdesk/db";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { pack, type Packed } from "../scripts/pack";

const run = promisify(execFile);
const typescriptVersion = (
  createRequire(import.meta.url)("typescript/package.json") as { version: string }
).version;

const EXAMPLE = `
import {
  createFrontdeskClient,
  TRPCClientError,
  verifyWebhook,
  type RouterInputs,
  type RouterOutputs,
} from "@frontdesk/client";
import { readFileSync } from "node:fs";

const [mode = "", first = "", second = ""] = process.argv.slice(2);

// Compile-time contract: each @ts-expect-error below must BE an error, or tsc --strict fails.
type CreateBooking = RouterInputs["bookings"]["create"];
const wrongField: CreateBooking = {
  slotId: "s",
  // @ts-expect-error bookings.create has no \`attendees\` field (it is \`attendee\`)
  attendees: [{ name: "Ada", email: "ada@example.com" }],
};
const wrongType: CreateBooking = {
  slotId: "s",
  // @ts-expect-error an attendee's email is a string
  attendee: { name: "Ada", email: 42 },
};
void wrongField;
void wrongType;

async function api(url: string, apiKey: string) {
  const frontdesk = createFrontdeskClient({ url, apiKey });
  const resource = await frontdesk.bookings.resources.create.mutate({
    name: "Room 1",
    timeZone: "UTC",
    slotMinutes: 30,
    minNoticeMinutes: 0,
    availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
  });
  const from = new Date(Date.now() + 2 * 86_400_000);
  const slots = await frontdesk.bookings.slots.query({
    resourceId: resource.id,
    from,
    to: new Date(from.getTime() + 86_400_000),
  });
  const free = slots.find((slot) => slot.available);
  if (!free) throw new Error("no free slot");
  const attendee = { name: "Ada Lovelace", email: "ada@example.com" };
  const created = await frontdesk.bookings.create.mutate({ slotId: free.slotId, attendee });
  const read: RouterOutputs["bookings"]["get"] = await frontdesk.bookings.get.query({ id: created.id });
  const start: Date = read.start;
  let conflict: string | undefined;
  try {
    await frontdesk.bookings.create.mutate({ slotId: free.slotId, attendee });
  } catch (error) {
    if (error instanceof TRPCClientError) conflict = error.data?.code;
    else throw error;
  }
  console.log(JSON.stringify({
    created: created.id,
    read: read.id,
    status: read.status,
    startIsDate: start instanceof Date,
    conflict,
  }));
}

function webhook(deliveryFile: string, secret: string) {
  const delivery = JSON.parse(readFileSync(deliveryFile, "utf8")) as {
    body: string;
    headers: Record<string, string>;
  };
  const event = verifyWebhook(delivery.body, delivery.headers, secret);
  if (event.type !== "booking.created") throw new Error("unexpected event " + event.type);
  // Narrowed by the discriminated union: only booking events have data.booking.
  console.log(JSON.stringify({ type: event.type, bookingId: event.data.booking.id }));
}

if (mode === "api") await api(first, second);
else if (mode === "webhook") webhook(first, second);
else throw new Error("usage: example.js api URL KEY | webhook FILE SECRET");
`;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let database: Database;
let server: TestServer;
let tenant: TestTenant;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let packed: Packed;
let project: string;

beforeAll(async () => {
  // A database of its own: no other test file's dispatcher claims this test's webhook deliveries.
  database = await createScratchDatabase();
  server = await startTestServer(database);
  tenant = await createTenantWithKey(database);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  packed = pack();
  project = mkdtempSync(path.join(tmpdir(), "frontdesk-consumer-"));
  // Outside the workspace, or npm and tsc could find its node_modules, lockfile or settings.
  const root = path.resolve(import.meta.dirname, "..", "..", "..");
  for (const folder of [project, packed.destination]) {
    if (!path.relative(root, folder).startsWith("..")) {
      throw new Error(`${folder} is inside the workspace: set TMPDIR to a folder outside it`);
    }
  }
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await run(
    "npm",
    [
      "install",
      packed.tarball,
      // What a TypeScript project on Node has beside the SDK.
      `typescript@${typescriptVersion}`,
      "@types/node@20",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
    ],
    { cwd: project, timeout: 240_000 },
  );
}, 600_000);

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await server?.close();
  await database?.close();
  if (project) rmSync(project, { recursive: true, force: true });
  if (packed) rmSync(packed.destination, { recursive: true, force: true });
});

describe("the published package in a project outside the workspace", () => {
  it("installs with npm and depends on nothing of the server", async () => {
    const { stdout } = await run("npm", ["ls", "--all", "--json"], { cwd: project });
    const tree = JSON.stringify(JSON.parse(stdout));
    expect(tree).toContain("@frontdesk/client");
    expect(tree).not.toMatch(
      /@frontdesk\/(?:api|db|wire|webhook-events)|drizzle-orm|postgres|pino/,
    );
  });

  it("type-checks an example under tsc --strict, runs it against a real server, and verifies a webhook", async () => {
    writeFileSync(path.join(project, "example.ts"), EXAMPLE);
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"],
          types: ["node"],
          outDir: "out",
          // As \`tsc --init\` sets it: @trpc/server's own declarations name optional peers (ws).
          skipLibCheck: true,
        },
        files: ["example.ts"],
      }),
    );
    // The consumer's own TypeScript, installed beside the SDK (the workspace's is not used).
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "-p", project], { cwd: project }).catch(
      (error: Error & { stdout?: string }) => {
        throw new Error(`tsc --strict failed:\n${error.stdout ?? error.message}`);
      },
    );

    const api = await callerFor(database, { apiKey: tenant.adminKey });
    const endpoint = await api.webhooks.endpoints.create({
      url: receiverUrl,
      events: ["booking.created"],
    });

    const example = path.join(project, "out", "example.js");
    const { stdout } = await run(process.execPath, [example, "api", server.url, tenant.adminKey], {
      cwd: project,
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ status: "confirmed", startIsDate: true, conflict: "CONFLICT" });
    expect(result.read).toBe(result.created);

    for (let round = 0; round < 10 && received.length === 0; round++) {
      await deliverDue(database.db, {
        policy: { allowLoopback: true, allowHttp: true },
        schedule: [0],
        timeoutMs: 5_000,
      });
    }
    const [delivery] = received;
    if (!delivery) throw new Error("the server delivered no webhook");
    const deliveryFile = path.join(project, "delivery.json");
    writeFileSync(deliveryFile, JSON.stringify(delivery));
    const verified = await run(
      process.execPath,
      [example, "webhook", deliveryFile, endpoint.secret],
      {
        cwd: project,
      },
    );
    expect(JSON.parse(verified.stdout)).toEqual({
      type: "booking.created",
      bookingId: result.created,
    });
  });

  it("loads with require() too (the CommonJS build)", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "-e",
        "const c = require('@frontdesk/client'); const w = require('@frontdesk/client/webhooks');" +
          "console.log(typeof c.createFrontdeskClient, typeof c.verifyWebhook, typeof w.verifyWebhook)",
      ],
      { cwd: project },
    );
    expect(stdout.trim()).toBe("function function function");
  });
});
