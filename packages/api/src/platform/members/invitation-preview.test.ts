// previewInvitation: what /invite/<token> may show, for every state an invitation can be in.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitations, users, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { maskEmail, previewInvitation } from "./invitation-preview";
import { acceptInvitation, hashInvitationToken } from "./service";

let database: Database;
let tenant: TestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database);
});
afterAll(async () => {
  await database.close();
});

async function invite(
  email: string,
  role: "admin" | "member" | "viewer" = "member",
): Promise<string> {
  const admin = await createMember(database, tenant.tenantId, "admin");
  const caller = await callerFor(database, { userId: admin, tenantId: tenant.tenantId });
  return (await caller.members.invite({ email, role })).acceptUrlToken;
}

describe("previewInvitation", () => {
  it("shows a pending invitation's tenant, role, expiry and a masked address", async () => {
    const email = `olivia-${randomUUID().slice(0, 6)}@example.com`;
    const token = await invite(email, "viewer");
    const preview = await previewInvitation(database.db, token);
    expect(preview).toMatchObject({
      status: "pending",
      role: "viewer",
      emailHint: "o••••••••@example.com",
    });
    expect(preview.status === "pending" && preview.tenantName).toMatch(/^Tenant /);
    expect(preview.status === "pending" && preview.expiresAt > new Date()).toBe(true);
    expect(JSON.stringify(preview)).not.toContain(email.split("@")[0]);
  });

  it("treats unknown, malformed, accepted and replaced tokens alike", async () => {
    expect(await previewInvitation(database.db, "x".repeat(43))).toEqual({ status: "invalid" });
    expect(await previewInvitation(database.db, "../../etc")).toEqual({ status: "invalid" });

    const email = `accept-${randomUUID().slice(0, 6)}@example.com`;
    const token = await invite(email);
    const [user] = await database.db
      .insert(users)
      .values({ email, emailVerified: new Date() })
      .returning({ id: users.id });
    await acceptInvitation(database.db, token, user?.id ?? "");
    expect(await previewInvitation(database.db, token)).toEqual({ status: "invalid" });

    const again = `again-${randomUUID().slice(0, 6)}@example.com`;
    const first = await invite(again);
    await invite(again);
    expect(await previewInvitation(database.db, first)).toEqual({ status: "invalid" });
  });

  it("reports an expired invitation with its tenant's name", async () => {
    const token = await invite(`late-${randomUUID().slice(0, 6)}@example.com`);
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.tokenHash, hashInvitationToken(token)));
    const preview = await previewInvitation(database.db, token);
    expect(preview.status).toBe("expired");
    expect(preview.status === "expired" && preview.tenantName).toMatch(/^Tenant /);
  });
});

describe("maskEmail", () => {
  it("keeps the first letter and the domain", () => {
    expect(maskEmail("ab@example.com")).toBe("a•@example.com");
    expect(maskEmail("a@example.com")).toBe("a•@example.com");
    expect(maskEmail("averyveryverylongname@example.com")).toBe("a••••••••@example.com");
    expect(maskEmail("nodomain")).toBe("•••");
  });
});
