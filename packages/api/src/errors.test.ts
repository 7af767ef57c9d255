// Error mapping against real driver errors: what a client sees for a unique violation, an
// application error and an unexpected database failure.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { tenants, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  AppError,
  CONFLICT_MESSAGE,
  DATA_EXCEPTION_MESSAGE,
  describeErrorForLog,
  INTERNAL_ERROR_MESSAGE,
  toTRPCError,
} from "./errors";
import { createCallerFactory, createContext, publicProcedure, router } from "./trpc";

// Words that would reveal the schema or the statement if they reached a client.
const LEAKY = /tenants|slug|constraint|duplicate|key|unique|insert|select|relation|sql|\(|=/i;

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
});
afterAll(async () => {
  await database.close();
});

async function insertTenantTwice(slug: string): Promise<never> {
  await database.db.insert(tenants).values({ name: "First", slug });
  await database.db.insert(tenants).values({ name: "Second", slug });
  throw new Error("the second insert should have failed");
}

// A router that exercises the real middleware and formatter with real database errors.
const testRouter = router({
  duplicate: publicProcedure.mutation(() => insertTenantTwice(`dup-${Date.now()}`)),
  missingTable: publicProcedure.query(() =>
    database.db.execute(sql`select * from no_such_table_xyz`),
  ),
  appError: publicProcedure.query(() => {
    throw new AppError("NOT_FOUND", "Booking not found");
  }),
  validated: publicProcedure
    .input(z.object({ attendee: z.object({ email: z.email("Enter a valid email address") }) }))
    .query(() => "ok"),
});
const createTestCaller = createCallerFactory(testRouter);

async function caller() {
  return createTestCaller(await createContext({ database, headers: new Headers() }));
}

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("toTRPCError", () => {
  it("maps a real unique violation to CONFLICT without naming the table, constraint or value", async () => {
    const driverError = await caught(() => insertTenantTwice(`direct-${Date.now()}`));

    const mapped = toTRPCError(driverError);

    expect(mapped.code).toBe("CONFLICT");
    expect(mapped.message).toBe(CONFLICT_MESSAGE);
    expect(mapped.message).not.toMatch(LEAKY);
    expect(mapped.cause).toBe(driverError);
  });

  it("keeps an AppError's code and message", () => {
    const mapped = toTRPCError(new AppError("PRECONDITION_FAILED", "Notes contain a phone number"));
    expect(mapped.code).toBe("PRECONDITION_FAILED");
    expect(mapped.message).toBe("Notes contain a phone number");
  });

  it("turns an unknown error into INTERNAL_SERVER_ERROR with a generic message", () => {
    const mapped = toTRPCError(new Error('relation "secret_table" does not exist'));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toBe(INTERNAL_ERROR_MESSAGE);
  });
});

describe("procedure error mapping", () => {
  it("a unique violation inside a procedure reaches the caller as CONFLICT", async () => {
    const error = await caught(async () => (await caller()).duplicate());

    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).not.toMatch(LEAKY);
  });

  it("an AppError inside a procedure reaches the caller with its code", async () => {
    const error = await caught(async () => (await caller()).appError());
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "Booking not found" });
  });

  it("over HTTP, a database failure is a generic 500 with no SQL and no stack", async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/missingTable"),
      router: testRouter,
      createContext: ({ req }) => createContext({ database, headers: req.headers }),
    });
    const text = await response.text();

    expect(response.status).toBe(500);
    const body = JSON.parse(text) as {
      error: { json: { message: string; data: Record<string, unknown> } };
    };
    expect(body.error.json.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(body.error.json.data).not.toHaveProperty("stack");
    expect(text).not.toMatch(/no_such_table_xyz|select|relation|at .*\.ts/i);
  });

  it("over HTTP, answering an AppError formats no stack trace (the formatter would drop it anyway)", async () => {
    // V8 formats a stack the first time `.stack` is read, through Error.prepareStackTrace.
    let formatted = 0;
    const original = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
    Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string => {
      formatted++;
      return [
        String(error),
        ...frames.map(
          (f) =>
            `    at ${f.getFunctionName() ?? "<anonymous>"} (${f.getFileName() ?? "?"}:${f.getLineNumber() ?? 0})`,
        ),
      ].join("\n");
    };
    let response: Response;
    try {
      response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request("http://localhost/api/trpc/appError"),
        router: testRouter,
        createContext: ({ req }) => createContext({ database, headers: req.headers }),
      });
    } finally {
      if (original) Object.defineProperty(Error, "prepareStackTrace", original);
      else Reflect.deleteProperty(Error, "prepareStackTrace");
    }
    expect(response.status).toBe(404);
    expect(formatted).toBe(0);
  });

  it("over HTTP, the error data carries the service's code and message, and schema issues without the value", async () => {
    async function errorOf(path: string) {
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request(`http://localhost/api/trpc/${path}`),
        router: testRouter,
        createContext: ({ req }) => createContext({ database, headers: req.headers }),
      });
      const text = await response.text();
      return {
        text,
        error: (JSON.parse(text) as { error: { json: { data: Record<string, unknown> } } }).error
          .json,
      };
    }

    const service = await errorOf("appError");
    expect(service.error.data).toMatchObject({
      code: "NOT_FOUND",
      appError: { code: "NOT_FOUND", message: "Booking not found" },
      inputIssues: null,
    });

    // A PHI-looking value must not come back: only where the input failed and why.
    const input = encodeURIComponent(
      JSON.stringify({ json: { attendee: { email: "jane.doe 555-0100" } } }),
    );
    const invalid = await errorOf(`validated?input=${input}`);
    expect(invalid.error.data).toMatchObject({
      code: "BAD_REQUEST",
      appError: null,
      inputIssues: [{ path: "attendee.email", message: "Enter a valid email address" }],
    });
    expect(invalid.text).not.toContain("555-0100");

    const internal = await errorOf("missingTable");
    expect(internal.error.data).toMatchObject({ appError: null, inputIssues: null });
    expect(internal.text).not.toMatch(/no_such_table_xyz|select|relation/i);
  });

  it("over HTTP, a unique violation is a 409 whose body names no table or constraint", async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/duplicate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
      router: testRouter,
      createContext: ({ req }) => createContext({ database, headers: req.headers }),
    });
    const text = await response.text();

    expect(response.status).toBe(409);
    expect(text).not.toMatch(/tenants|slug|constraint|duplicate key|dup-/i);
  });
});

describe("data exceptions and logs", () => {
  it("maps a NUL byte PostgreSQL cannot store to BAD_REQUEST with a fixed message", async () => {
    const database = await createTestDatabase();
    try {
      const error = await database.db.execute(sql`select ${"a\u0000b"}::text`).then(
        () => undefined,
        (e: unknown) => e,
      );
      const mapped = toTRPCError(error);
      expect(mapped.code).toBe("BAD_REQUEST");
      expect(mapped.message).toBe(DATA_EXCEPTION_MESSAGE);
      const logged = JSON.stringify(describeErrorForLog(error));
      expect(logged).not.toContain("a\\u0000b");
      expect(logged).not.toMatch(/params|select/i);
    } finally {
      await database.close();
    }
  });
});
