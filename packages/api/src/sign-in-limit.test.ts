// The per-account sign-in limit holds whatever address the attempts come from (it never sees one):
// 10 failures in 15 minutes, then a cooldown until the oldest failure is 15 minutes old; parallel
// attempts cannot slip past it; a right password forgives; other accounts are untouched.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { ACCOUNT_FAILURE_LIMIT, beginSignInAttempt, forgiveSignInAttempts } from "./sign-in-limit";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const email = () => `victim-${randomUUID()}@example.com`;
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe("per-account sign-in limit", () => {
  it("allows 10 failures in 15 minutes, then refuses until the oldest one is 15 minutes old", async () => {
    const account = email();
    const start = new Date("2026-12-01T10:00:00Z");
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect(await beginSignInAttempt(database.db, account, at(start, i))).toEqual({
        allowed: true,
      });
    }
    expect(await beginSignInAttempt(database.db, account, at(start, 10))).toEqual({
      allowed: false,
      retryAfterSeconds: 5 * 60,
    });
    // Case and spaces do not make another account.
    expect(
      await beginSignInAttempt(database.db, ` ${account.toUpperCase()} `, at(start, 14)),
    ).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // Refusals do not count: once the first failure is 15 minutes old, one more guess is allowed.
    expect(await beginSignInAttempt(database.db, account, at(start, 15))).toEqual({
      allowed: true,
    });
    expect(await beginSignInAttempt(database.db, account, at(start, 15.5))).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
    // Another account is not affected.
    expect(await beginSignInAttempt(database.db, email(), at(start, 15.5))).toEqual({
      allowed: true,
    });
  });

  it("lets no more than 10 of 30 parallel attempts through", async () => {
    const account = email();
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => beginSignInAttempt(database.db, account, now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(ACCOUNT_FAILURE_LIMIT);
  });

  it("forgives the account's failures after a right password", async () => {
    const account = email();
    const now = new Date();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++)
      await beginSignInAttempt(database.db, account, now);
    expect(await beginSignInAttempt(database.db, account, now)).toEqual({ allowed: true });
    await forgiveSignInAttempts(database.db, account);
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
      expect((await beginSignInAttempt(database.db, account, now)).allowed).toBe(true);
    expect((await beginSignInAttempt(database.db, account, now)).allowed).toBe(false);
  });
});
