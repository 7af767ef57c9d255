// Creating tenants from the console before any tenant context exists: sign-up (a new account, its
// first tenant and the owner membership) and "create another tenant" for a signed-in user.
//
// Callers pass the database OWNER connection (like `acceptInvitation` and `provisionTenant`): the
// rows belong to a tenant that does not exist yet, so no RLS-scoped transaction could write them.
// Everything happens in one transaction; uniqueness (email, slug) is left to the constraints, never
// to check-then-insert.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import {
  auditLog,
  hashPassword,
  memberships,
  phiPolicies,
  slugify,
  tenants,
  users,
  type Db,
} from "@frontdesk/db";
import { AppError } from "../../errors";
import {
  createTenantWithOwnerInput,
  type CreatedTenant,
  type CreateTenantWithOwnerInput,
} from "./schemas";

/** Not which address, and nothing about its tenants: only what the person can act on. */
export const EMAIL_TAKEN_MESSAGE =
  "An account with this email address already exists. Sign in instead, or use another address.";

type Writer = Pick<Db, "insert" | "select">;

/** Zod's first complaint as BAD_REQUEST (callers normally validate first, with the same schemas). */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "input";
  throw new AppError("BAD_REQUEST", `Invalid ${field}: ${issue?.message ?? "check the form"}`);
}

async function insertAccount(
  tx: Writer,
  account: { email: string; name: string },
  passwordHash: string,
): Promise<string> {
  // users_email_key is unique on lower(email): a concurrent sign-up with the same address inserts
  // nothing here instead of failing the transaction.
  const [row] = await tx
    .insert(users)
    .values({ email: account.email, name: account.name, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!row) throw new AppError("CONFLICT", EMAIL_TAKEN_MESSAGE);
  return row.id;
}

/** A free slug near the tenant's name: `clinic`, `clinic-2` … `clinic-5`, then a random suffix. */
async function insertTenant(
  tx: Writer,
  input: { name: string; timeZone: string },
): Promise<{ id: string; slug: string }> {
  const base = slugify(input.name);
  const candidates = [base, ...[2, 3, 4, 5].map((n) => `${base}-${n}`)];
  for (let attempt = 0; attempt < candidates.length + 5; attempt++) {
    const slug = candidates[attempt] ?? `${base}-${randomBytes(3).toString("hex")}`;
    const [row] = await tx
      .insert(tenants)
      .values({ name: input.name, slug, timeZone: input.timeZone, plan: "free" })
      .onConflictDoNothing({ target: tenants.slug })
      .returning({ id: tenants.id, slug: tenants.slug });
    if (row) return row;
  }
  throw new AppError("CONFLICT", "Could not find a free address for this tenant; try another name");
}

/**
 * The tenant's rows for an owner who exists: the tenant (free plan), the owner membership, the
 * default PHI policy (mask) and a `tenant.create` audit row, in the caller's transaction.
 */
export async function insertOwnedTenant(
  tx: Writer,
  ownerUserId: string,
  input: { tenantName: string; timeZone: string },
  accountCreated: boolean,
): Promise<{ id: string; slug: string }> {
  const tenant = await insertTenant(tx, { name: input.tenantName, timeZone: input.timeZone });
  const [membership] = await tx
    .insert(memberships)
    .values({ tenantId: tenant.id, userId: ownerUserId, role: "owner" })
    .returning({ id: memberships.id });
  if (!membership) throw new Error("membership insert returned nothing");
  await tx.insert(phiPolicies).values({ tenantId: tenant.id, defaultAction: "mask" });
  await tx.insert(auditLog).values({
    tenantId: tenant.id,
    actorType: "user",
    actorId: ownerUserId,
    action: "tenant.create",
    targetType: "tenant",
    targetId: tenant.id,
    metadata: { membershipId: membership.id, accountCreated },
  });
  return tenant;
}

/**
 * A tenant on the free plan with `owner` as its owner (a new account, or an existing user), its
 * default PHI policy (mask), and a `tenant.create` audit row — all or nothing.
 * Errors: CONFLICT when the email already has an account; NOT_FOUND when `userId` does not exist.
 */
export async function createTenantWithOwner(
  db: Db,
  input: CreateTenantWithOwnerInput,
): Promise<CreatedTenant> {
  const parsed = parse(createTenantWithOwnerInput, input);
  const owner = parsed.owner;
  // argon2id is deliberately slow: hash before the transaction holds any lock.
  const passwordHash = "password" in owner ? await hashPassword(owner.password) : null;

  return db.transaction(async (tx) => {
    let ownerUserId: string;
    if ("userId" in owner) {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, owner.userId));
      if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists; sign in again");
      ownerUserId = user.id;
    } else {
      if (passwordHash === null) throw new Error("password hash missing for a new account");
      ownerUserId = await insertAccount(tx, owner, passwordHash);
    }

    const tenant = await insertOwnedTenant(tx, ownerUserId, parsed, !("userId" in owner));
    return {
      tenantId: tenant.id,
      slug: tenant.slug,
      ownerUserId,
      accountCreated: !("userId" in owner),
    };
  });
}
