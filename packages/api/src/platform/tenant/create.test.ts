// Sign-up's service: a new account + tenant + owner membership in one transaction, run as the owner
// connection, and usable afterwards through the RLS-scoped API like any other tenant.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  memberships,
  phiPolicies,
  queryRows,
  tenants,
  users,
  type Database,
} from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor } from "@frontdesk/testing/api";
import { AppError } from "../../errors";
import { createTenantWithOwner, EMAIL_TAKEN_MESSAGE } from "./create";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const PASSWORD = "correct horse battery staple";

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

async function tenantsNamed(name: string) {
  return database.db.select().from(tenants).where(eq(tenants.name, name));
}

describe("createTenantWithOwner (new account)", () => {
  it("creates the user, a free tenant, the owner membership, a PHI policy and an audit row", async () => {
    const email = `${unique("Signup")}@Example.com`;
    const name = unique("Harbor Clinic");
    const created = await createTenantWithOwner(database.db, {
      tenantName: `  ${name} `,
      timeZone: "Europe/Paris",
      owner: { email: `  ${email} `, password: PASSWORD, name: " Hana Harbor " },
    });
    expect(created.accountCreated).toBe(true);

    const [user] = await database.db.select().from(users).where(eq(users.id, created.ownerUserId));
    expect(user).toMatchObject({ email: email.toLowerCase(), name: "Hana Harbor" });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user?.passwordHash).not.toContain(PASSWORD);

    const [tenant] = await database.db
      .select()
      .from(tenants)
      .where(eq(tenants.id, created.tenantId));
    expect(tenant).toMatchObject({
      name,
      slug: created.slug,
      timeZone: "Europe/Paris",
      plan: "free",
    });
    expect(created.slug).toBe(name.toLowerCase().replace(/ /g, "-"));

    const owners = await database.db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.tenantId, created.tenantId));
    expect(owners).toEqual([{ userId: created.ownerUserId, role: "owner" }]);
    const [policy] = await database.db
      .select()
      .from(phiPolicies)
      .where(eq(phiPolicies.tenantId, created.tenantId));
    expect(policy?.defaultAction).toBe("mask");
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, created.tenantId), eq(auditLog.action, "tenant.create")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "user",
      actorId: created.ownerUserId,
      targetId: created.tenantId,
    });
  });

  it("gives a tenant the new owner can use through the RLS-scoped API and the tenant list", async () => {
    const email = `${unique("rls")}@example.com`;
    const created = await createTenantWithOwner(database.db, {
      tenantName: unique("Rls Clinic"),
      owner: { email, password: PASSWORD, name: "Rita" },
    });
    const caller = await callerFor(database, {
      userId: created.ownerUserId,
      tenantId: created.tenantId,
    });
    const tenant = await caller.tenant.get();
    expect(tenant).toMatchObject({ id: created.tenantId, timeZone: "UTC", plan: "free" });
    const members = await caller.members.list();
    expect(members.items).toEqual([
      expect.objectContaining({ userId: created.ownerUserId, email, name: "Rita", role: "owner" }),
    ]);
    // The owner may administer the new tenant (an admin-only procedure).
    const key = await caller.apiKeys.create({ name: "first key", scopes: ["bookings:read"] });
    expect(key.secret).toMatch(/^fd_/);
    // Audit rows of the new tenant are visible to it (the creation row included).
    const audit = await caller.audit.list({ action: "tenant.create" });
    expect(audit.items.map((a) => a.targetId)).toEqual([created.tenantId]);

    const listed = await queryRows<{ tenant_id: string; role: string }>(
      database.db,
      sql`select tenant_id, role from frontdesk_user_tenants(${created.ownerUserId}::uuid)`,
    );
    expect(listed).toEqual([{ tenant_id: created.tenantId, role: "owner" }]);
  });

  it("refuses an email that already has an account (any case) with CONFLICT, creating nothing", async () => {
    const email = `${unique("taken")}@example.com`;
    await createTenantWithOwner(database.db, {
      tenantName: unique("First"),
      owner: { email, password: PASSWORD, name: "First" },
    });
    const secondName = unique("Second");
    const error = await failure(
      createTenantWithOwner(database.db, {
        tenantName: secondName,
        owner: { email: email.toUpperCase(), password: `${PASSWORD}!`, name: "Second" },
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(EMAIL_TAKEN_MESSAGE);
    expect(error.message).not.toContain(email);
    expect(await tenantsNamed(secondName)).toEqual([]);
    const accounts = await database.db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    expect(accounts).toHaveLength(1);
  });

  it("lets exactly one of two concurrent sign-ups with the same email win", async () => {
    const email = `${unique("race")}@example.com`;
    const names = [unique("Race A"), unique("Race B")];
    const results = await Promise.allSettled(
      names.map((tenantName) =>
        createTenantWithOwner(database.db, {
          tenantName,
          owner: { email, password: PASSWORD, name: "R" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(
      rejected?.status === "rejected" &&
        rejected.reason instanceof AppError &&
        rejected.reason.code,
    ).toBe("CONFLICT");
    const created =
      (await tenantsNamed(names[0] ?? "")).length + (await tenantsNamed(names[1] ?? "")).length;
    expect(created).toBe(1);
  });

  it("validates input with BAD_REQUEST and never echoes the password", async () => {
    const base = {
      tenantName: unique("Valid"),
      owner: { email: `${unique("v")}@example.com`, password: PASSWORD, name: "V" },
    };
    const short = await failure(
      createTenantWithOwner(database.db, {
        ...base,
        owner: { ...base.owner, password: "short-pw" },
      }),
    );
    expect(short.code).toBe("BAD_REQUEST");
    expect(short.message).toContain("owner.password");
    expect(short.message).not.toContain("short-pw");
    expect(
      (await failure(createTenantWithOwner(database.db, { ...base, timeZone: "Mars/Olympus" })))
        .code,
    ).toBe("BAD_REQUEST");
    expect(
      (await failure(createTenantWithOwner(database.db, { ...base, tenantName: "   " }))).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await failure(
          createTenantWithOwner(database.db, {
            ...base,
            owner: { ...base.owner, email: "not-an-email" },
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await failure(
          createTenantWithOwner(database.db, {
            ...base,
            owner: { ...base.owner, password: "x".repeat(1025) },
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(await tenantsNamed(base.tenantName)).toEqual([]);
  });
});

describe("createTenantWithOwner (existing user)", () => {
  it("adds another owned tenant without touching the account", async () => {
    const first = await createTenantWithOwner(database.db, {
      tenantName: unique("Main"),
      owner: { email: `${unique("multi")}@example.com`, password: PASSWORD, name: "M" },
    });
    const second = await createTenantWithOwner(database.db, {
      tenantName: unique("Branch"),
      timeZone: "Asia/Tokyo",
      owner: { userId: first.ownerUserId },
    });
    expect(second).toMatchObject({ ownerUserId: first.ownerUserId, accountCreated: false });
    expect(second.tenantId).not.toBe(first.tenantId);
    const listed = await queryRows<{ tenant_id: string; role: string }>(
      database.db,
      sql`select tenant_id, role from frontdesk_user_tenants(${first.ownerUserId}::uuid)`,
    );
    expect(listed.map((r) => r.tenant_id).sort()).toEqual([first.tenantId, second.tenantId].sort());
    expect(listed.every((r) => r.role === "owner")).toBe(true);
    const caller = await callerFor(database, {
      userId: first.ownerUserId,
      tenantId: second.tenantId,
    });
    expect((await caller.tenant.get()).timeZone).toBe("Asia/Tokyo");
  });

  it("refuses an unknown user id with NOT_FOUND and creates no tenant", async () => {
    const name = unique("Ghost");
    const error = await failure(
      createTenantWithOwner(database.db, { tenantName: name, owner: { userId: randomUUID() } }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await tenantsNamed(name)).toEqual([]);
  });

  it("gives tenants with the same name distinct slugs (numbered, then random)", async () => {
    const owner = await createTenantWithOwner(database.db, {
      tenantName: unique("Owner"),
      owner: { email: `${unique("slugs")}@example.com`, password: PASSWORD, name: "S" },
    });
    const name = unique("Same Name");
    const slugs: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await createTenantWithOwner(database.db, {
        tenantName: name,
        owner: { userId: owner.ownerUserId },
      });
      slugs.push(created.slug);
    }
    const base = name.toLowerCase().replace(/ /g, "-");
    expect(slugs.slice(0, 5)).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`]);
    expect(slugs[5]).toMatch(new RegExp(`^${base}-[0-9a-f]{6}$`));
    expect(new Set(slugs).size).toBe(7);
  });

  it("slugs names without usable letters", async () => {
    const owner = await createTenantWithOwner(database.db, {
      tenantName: unique("Owner"),
      owner: { email: `${unique("kanji")}@example.com`, password: PASSWORD, name: "K" },
    });
    const created = await createTenantWithOwner(database.db, {
      tenantName: "診療所",
      owner: { userId: owner.ownerUserId },
    });
    expect(created.slug).toMatch(/^tenant(-[0-9a-f]+)?(-\d)?$/);
  });
});
