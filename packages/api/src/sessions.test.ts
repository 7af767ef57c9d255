// Console sessions end when they should, at once: a sign-out refuses that session only; "sign out
// everywhere" (a version bump) refuses every session issued before it; removal from a tenant ends
// the user's access to it on the next call, whatever their session says.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createMember, createTenantWithKey } from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import {
  currentSessionVersion,
  endAllSessions,
  revokeSession,
  sessionIsCurrent,
  type SessionClaims,
} from "./sessions";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function issue(userId: string): Promise<SessionClaims> {
  const version = await currentSessionVersion(database.db, userId);
  if (version === null) throw new Error("no such user");
  return { userId, sessionId: randomUUID(), sessionVersion: version };
}

const in8h = () => new Date(Date.now() + 8 * 3_600_000);

describe("console sessions", () => {
  it("a signed-out session is refused; the user's other sessions are not", async () => {
    const t = await createTenantWithKey(database);
    const laptop = await issue(t.ownerUserId);
    const phone = await issue(t.ownerUserId);
    expect(await sessionIsCurrent(database.db, laptop)).toBe(true);
    await revokeSession(database.db, laptop.sessionId, in8h());
    await revokeSession(database.db, laptop.sessionId, in8h());
    expect(await sessionIsCurrent(database.db, laptop)).toBe(false);
    expect(await sessionIsCurrent(database.db, phone)).toBe(true);
  });

  it("sign out everywhere refuses every session issued before it, and only this user's", async () => {
    const t = await createTenantWithKey(database);
    const other = await createMember(database, t.tenantId, "member");
    const before = [await issue(t.ownerUserId), await issue(t.ownerUserId)];
    const otherSession = await issue(other);
    await endAllSessions(database.db, t.ownerUserId);
    for (const s of before) expect(await sessionIsCurrent(database.db, s)).toBe(false);
    expect(await sessionIsCurrent(database.db, otherSession)).toBe(true);
    // A sign-in afterwards works again.
    expect(await sessionIsCurrent(database.db, await issue(t.ownerUserId))).toBe(true);
  });

  it("a session of a user that no longer exists, or of a made-up id, is refused", async () => {
    expect(
      await sessionIsCurrent(database.db, {
        userId: randomUUID(),
        sessionId: randomUUID(),
        sessionVersion: 0,
      }),
    ).toBe(false);
    expect(await currentSessionVersion(database.db, randomUUID())).toBeNull();
  });

  it("expired revocations are swept by the next sign-out", async () => {
    const t = await createTenantWithKey(database);
    const old = await issue(t.ownerUserId);
    await revokeSession(database.db, old.sessionId, new Date(Date.now() - 1000));
    await revokeSession(database.db, randomUUID(), in8h());
    // Its cookie has expired by then anyway; the row is gone and nothing else changed.
    expect(
      await queryRows(
        database.db,
        sql`select 1 from session_revocations where session_id = ${old.sessionId}::uuid`,
      ),
    ).toEqual([]);
  });

  it("removal from a tenant ends the member's access to it on the very next call", async () => {
    const t = await createTenantWithKey(database);
    const member = await createMember(database, t.tenantId, "admin");
    const asMember = await callerFor(database, { userId: member, tenantId: t.tenantId });
    expect((await asMember.tenant.get()).id).toBe(t.tenantId);
    await (
      await callerFor(database, { userId: t.ownerUserId, tenantId: t.tenantId })
    ).members.remove({ userId: member });
    // The same caller (same session): no membership, no access — nothing waits for a cookie to expire.
    expect(await codeOf(asMember.tenant.get())).toBe("FORBIDDEN");
    expect(
      await codeOf(
        asMember.members.invite({ email: `x-${randomUUID()}@example.com`, role: "viewer" }),
      ),
    ).toBe("FORBIDDEN");
  });
});
