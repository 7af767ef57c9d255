// The set-up most API test files share: a test database of their own and two tenants in it (`a`
// acts, `b` is the neighbour whose rows must stay out of reach), created in the file's beforeAll
// and closed in its afterAll.
//
//   let database: Database;
//   let a: TestTenant;
//   let b: TestTenant;
//   useTwoTenants((t) => ({ database, a, b } = t), { a: { timeZone: "Europe/Paris" } });
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTenantWithKey, type TestTenant } from "./api";
import { createTestDatabase } from "./db";

export interface TwoTenants {
  database: Database;
  a: TestTenant;
  b: TestTenant;
}

type TenantOptions = Parameters<typeof createTenantWithKey>[1];

export function useTwoTenants(
  receive: (tenants: TwoTenants) => void,
  options: {
    /** Pool size (tests that run transactions side by side want more than the default). */
    max?: number;
    a?: TenantOptions;
    b?: TenantOptions;
  } = {},
): void {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(options.max === undefined ? {} : { max: options.max });
    const a = await createTenantWithKey(database, options.a);
    const b = await createTenantWithKey(database, options.b);
    receive({ database, a, b });
  });
  afterAll(async () => {
    await database?.close();
  });
}
