// Bootstrapping a tenant from outside any request: the tenant, its owner (created if new), a default
// PHI policy and optionally a first API key, in one transaction run by the migrating owner role.
import { hash, verify } from "@node-rs/argon2";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "./client";
import { generateApiKey } from "./api-keys";
import {
  API_KEY_SCOPES,
  apiKeys,
  memberships,
  phiPolicies,
  tenants,
  users,
  type ApiKeyScope,
  type Plan,
} from "./schema";
import { isValidTimeZone } from "./time";

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { message: "must be an IANA time zone such as Europe/Paris" });

export const provisionTenantInput = z.object({
  name: z.string().trim().min(1).max(200),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and dashes, 2-63 characters")
    .optional(),
  timeZone: timeZoneSchema.default("UTC"),
  plan: z.enum(["free", "pro", "enterprise"]).default("free"),
  ownerEmail: z.email().max(320),
  ownerName: z.string().trim().min(1).max(200).optional(),
  /** Sets the owner's password only when the owner is created here. */
  ownerPassword: z.string().min(12).max(200).optional(),
  apiKey: z
    .object({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
    })
    .optional(),
});
export type ProvisionTenantInput = z.input<typeof provisionTenantInput>;

export const createApiKeyInput = z.object({
  tenantId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  expiresAt: z.date().optional(),
  createdBy: z.uuid().optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  /** The whole key. Shown once; only its hash is stored. */
  secret: string;
}

export interface ProvisionedTenant {
  tenantId: string;
  slug: string;
  plan: Plan;
  ownerUserId: string;
  ownerCreated: boolean;
  apiKey: CreatedApiKey | null;
}

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    // Runs of separators are single dashes by now, so one at either end is all there is to trim.
    .replace(/^-|-$/g, "")
    .slice(0, 50);
  return base.length >= 2 ? base : `tenant-${base}`.replace(/-$/, "");
}

export function hashPassword(password: string): Promise<string> {
  // argon2id with the library's defaults (19 MiB, t=2), OWASP's recommended minimum.
  return hash(password);
}

/** True when `password` matches the argon2 `passwordHash`; false for a malformed hash too. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export async function insertApiKey(tx: Db, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const parsed = createApiKeyInput.parse(input);
  const key = generateApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      tenantId: parsed.tenantId,
      name: parsed.name,
      prefix: key.prefix,
      secretHash: key.hash,
      scopes: parsed.scopes,
      expiresAt: parsed.expiresAt ?? null,
      createdBy: parsed.createdBy ?? null,
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("api key insert returned nothing");
  return {
    id: row.id,
    name: parsed.name,
    prefix: key.prefix,
    scopes: parsed.scopes,
    expiresAt: parsed.expiresAt ?? null,
    secret: key.secret,
  };
}

export async function provisionTenant(
  db: Db,
  input: ProvisionTenantInput,
): Promise<ProvisionedTenant> {
  const parsed = provisionTenantInput.parse(input);
  const passwordHash = parsed.ownerPassword ? await hashPassword(parsed.ownerPassword) : null;
  return db.transaction(async (tx) => {
    const slug = await freeSlug(tx, parsed.slug ?? slugify(parsed.name));
    const [tenant] = await tx
      .insert(tenants)
      .values({ name: parsed.name, slug, timeZone: parsed.timeZone, plan: parsed.plan })
      .returning({ id: tenants.id });
    if (!tenant) throw new Error("tenant insert returned nothing");

    const email = parsed.ownerEmail.toLowerCase();
    const inserted = await tx
      .insert(users)
      // The operator vouches for the owner's address (the demo owner too): verified from the start.
      .values({ email, name: parsed.ownerName ?? null, passwordHash, emailVerified: new Date() })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const owner =
      inserted[0] ??
      (
        await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(sql`lower(${users.email})`, email))
      )[0];
    if (!owner) throw new Error("owner user could not be created");

    await tx.insert(memberships).values({ tenantId: tenant.id, userId: owner.id, role: "owner" });
    await tx.insert(phiPolicies).values({ tenantId: tenant.id, defaultAction: "mask" });
    const apiKey = parsed.apiKey
      ? await insertApiKey(tx, { tenantId: tenant.id, createdBy: owner.id, ...parsed.apiKey })
      : null;
    return {
      tenantId: tenant.id,
      slug,
      plan: parsed.plan,
      ownerUserId: owner.id,
      ownerCreated: inserted.length > 0,
      apiKey,
    };
  });
}

async function freeSlug(tx: Pick<Db, "select">, wanted: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? wanted : `${wanted.slice(0, 58)}-${n}`;
    const taken = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.slug, candidate));
    if (taken.length === 0) return candidate;
  }
  throw new Error(`no free slug near "${wanted}"`);
}
