// The account lifecycle end to end against a real SMTP server on loopback (smtp-server in this
// process, mailparser reading what arrived), with links taken from the messages as a person would:
// sign up → verify → sign in; sign-up's answer is the same for a taken address; password reset
// (reuse, expiry, concurrent use); invitations by email and their acceptance; a password change
// ending the user's other sessions but not this one; an address change re-verified first.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey } from "@frontdesk/testing/api";
import { useMailTestbed } from "@frontdesk/testing/mail-testbed";
import { type ReceivedEmail, type SmtpReceiver } from "@frontdesk/testing/smtp";
import { createMailTransport, deliverDueEmails, type MailConfig } from "../email";
import { AppError } from "../errors";
import { acceptInvitation } from "../platform/members/service";
import {
  currentSessionVersion,
  endAllSessions,
  sessionIsCurrent,
  type SessionClaims,
} from "../sessions";
import {
  accountSummary,
  changePassword,
  checkCredentials,
  MESSAGES_PER_ADDRESS_PER_HOUR,
  openVerificationLink,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetLinkIsUsable,
  resetPassword,
  signUp,
} from "./index";

let database: Database;
let smtp: SmtpReceiver;
let config: MailConfig;

useMailTestbed((testbed) => ({ database, smtp, config } = testbed));

const PASSWORD = "correct horse battery staple";
const address = (label = "person") => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** Sends what is queued for `to` through the real SMTP server; returns every message `to` received. */
async function inbox(to: string, atLeast = 1): Promise<ReceivedEmail[]> {
  const transport = createMailTransport(config);
  try {
    await deliverDueEmails(database.db, config, transport, { to: [to] });
  } finally {
    transport.close();
  }
  if (atLeast === 0) return smtp.received.filter((m) => m.to.includes(to));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(to));
    if (found.length >= atLeast) return found;
    if (Date.now() > deadline) throw new Error(`expected ${atLeast} messages to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The link to `path` in a message, as the HTML part carries it (checked against the text part). */
function linkIn(message: ReceivedEmail | undefined, path: string): URL {
  if (!message) throw new Error("no message");
  const pattern = new RegExp(`href="(http://127\\.0\\.0\\.1:3999${path}[^"]{0,600})"`);
  const href = pattern.exec(message.html)?.[1]?.replaceAll("&amp;", "&");
  if (!href) throw new Error(`no ${path} link in "${message.subject}"`);
  expect(message.text).toContain(href);
  return new URL(href);
}

/** The AppError code a service failed with (what the console's pages show the message of). */
const codeOf = (failure: unknown) =>
  failure instanceof AppError ? failure.code : `not an AppError: ${String(failure)}`;

const tokenOf = (url: URL) => url.searchParams.get("token") ?? "";

async function userIdOf(email: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from users where lower(email) = ${email.toLowerCase()}`,
  );
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

async function issueSession(userId: string): Promise<SessionClaims> {
  const version = await currentSessionVersion(database.db, userId);
  if (version === null) throw new Error("no such user");
  return { userId, sessionId: randomUUID(), sessionVersion: version };
}

/** A verified account made the way a person makes one: sign up, open the link. */
async function verifiedAccount(label = "owner"): Promise<{ email: string; userId: string }> {
  const email = address(label);
  await signUp(database.db, {
    account: { email, password: PASSWORD, name: "Pat Person" },
    tenant: { tenantName: "Verified Clinic", timeZone: "UTC" },
  });
  const [message] = await inbox(email);
  await openVerificationLink(database.db, tokenOf(linkIn(message, "/verify-email")));
  return { email, userId: await userIdOf(email) };
}

describe("sign-up and verification", () => {
  it("sign up → the verification link arrives → unverified sign-in refused → verified → sign-in works", async () => {
    const email = address("newcomer");
    await signUp(database.db, {
      account: { email: email.toUpperCase(), password: PASSWORD, name: "Nia Newcomer" },
      tenant: { tenantName: "Harbour Dental", timeZone: "Europe/Paris" },
    });
    // Nothing is sent inside the request: the message waits in the outbox.
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(0);
    const [message] = await inbox(email);
    expect(message?.subject).toBe("Verify your email address");
    expect(message?.from).toBe("no-reply@frontdesk.test");
    expect(message?.text).toContain("Harbour Dental");
    expect(message?.raw).not.toContain(PASSWORD);
    const link = linkIn(message, "/verify-email");
    expect(tokenOf(link)).toMatch(/^[\w-]{43}$/);

    // Right password, unverified address: refused, and said so (only to whoever knows the password).
    expect(await checkCredentials(database.db, email, PASSWORD)).toEqual({ status: "unverified" });
    expect(await checkCredentials(database.db, email, "a wrong password!")).toEqual({
      status: "invalid",
    });

    const opened = await openVerificationLink(database.db, tokenOf(link));
    expect(opened.kind).toBe("verified");
    const signedIn = await checkCredentials(database.db, email, PASSWORD);
    expect(signedIn).toMatchObject({ status: "ok", user: { email, name: "Nia Newcomer" } });
    // The tenant exists, owned by the new account.
    const [owner] = await queryRows<{ name: string; role: string }>(
      database.db,
      sql`select t.name, m.role from memberships m join tenants t on t.id = m.tenant_id
          where m.user_id = ${opened.userId}::uuid`,
    );
    expect(owner).toEqual({ name: "Harbour Dental", role: "owner" });
    // The token is stored as its hash only, and works once.
    const [stored] = await queryRows<{ token_hash: string; used: boolean }>(
      database.db,
      sql`select token_hash, used_at is not null as used from account_tokens where user_id = ${opened.userId}::uuid`,
    );
    expect(stored?.used).toBe(true);
    expect(stored?.token_hash).not.toContain(tokenOf(link));
    expect(
      codeOf(await openVerificationLink(database.db, tokenOf(link)).catch((e: unknown) => e)),
    ).toBe("NOT_FOUND");
  });

  it("a taken address gets the same answer, no second account, and an 'already have an account' notice instead", async () => {
    const { email, userId } = await verifiedAccount("taken");
    const before = await inbox(email);
    const tenantsBefore = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from tenants where name = 'Squatter Clinic'`,
    );
    const fresh = address("fresh");
    const answers = await Promise.all([
      signUp(database.db, {
        account: { email, password: "another long password", name: "Someone Else" },
        tenant: { tenantName: "Squatter Clinic", timeZone: "UTC" },
      }),
      signUp(database.db, {
        account: { email: fresh, password: "another long password", name: "Someone Else" },
        tenant: { tenantName: "Fresh Clinic", timeZone: "UTC" },
      }),
    ]);
    // The whole answer is the same: nothing at all.
    expect(answers).toEqual([undefined, undefined]);
    const after = await inbox(email, before.length + 1);
    const notice = after.at(-1);
    expect(notice?.subject).toBe("You already have a Frontdesk account");
    expect(notice?.text).toContain("/forgot-password");
    expect(notice?.raw).not.toContain("another long password");
    const [fresher] = await inbox(fresh);
    expect(fresher?.subject).toBe("Verify your email address");
    // The existing account kept its password; no tenant was made for the attempt.
    expect(await checkCredentials(database.db, email, PASSWORD)).toMatchObject({ status: "ok" });
    expect(await userIdOf(email)).toBe(userId);
    expect(
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from tenants where name = 'Squatter Clinic'`,
      ),
    ).toEqual(tenantsBefore);
  });

  it("sign-up, resend and reset send at most a few messages per address and hour", async () => {
    const email = address("flooded");
    await signUp(database.db, {
      account: { email, password: PASSWORD, name: "F" },
      tenant: null,
    });
    for (let i = 0; i < 5; i++) await resendVerification(database.db, email);
    const links = await inbox(email);
    expect(links.filter((m) => m.subject === "Verify your email address")).toHaveLength(
      MESSAGES_PER_ADDRESS_PER_HOUR,
    );
    // An hour later it may ask again.
    await resendVerification(database.db, email, new Date(Date.now() + 3_601_000));
    expect(await inbox(email, MESSAGES_PER_ADDRESS_PER_HOUR + 1)).toHaveLength(
      MESSAGES_PER_ADDRESS_PER_HOUR + 1,
    );
    // Unknown and verified addresses get nothing, and the call says nothing.
    const nobody = address("nobody");
    await expect(resendVerification(database.db, nobody)).resolves.toBeUndefined();
    await expect(resendVerification(database.db, "not an address")).resolves.toBeUndefined();
    expect(await inbox(nobody, 0)).toHaveLength(0);
  });

  it("an unverified account cannot accept an invitation, even to its own address", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const email = address("unverified-invitee");
    await signUp(database.db, { account: { email, password: PASSWORD, name: "U" }, tenant: null });
    const invitation = await api.members.invite({ email, role: "member" });
    const refused = await acceptInvitation(
      database.db,
      invitation.acceptUrlToken,
      await userIdOf(email),
    ).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe("FORBIDDEN");
    expect((refused as Error).message).toMatch(/Verify your email address/);
  });
});

describe("password reset", () => {
  it("reset by emailed link: every session ends, the address is told, the link works once", async () => {
    const { email, userId } = await verifiedAccount("forgetful");
    const laptop = await issueSession(userId);
    const seen = (await inbox(email)).length;

    await requestPasswordReset(database.db, email.toUpperCase());
    const mail = await inbox(email, seen + 1);
    const reset = mail.at(-1);
    expect(reset?.subject).toBe("Reset your Frontdesk password");
    const token = tokenOf(linkIn(reset, "/reset-password"));
    expect(await resetLinkIsUsable(database.db, token)).toBe(true);

    await resetPassword(database.db, { token, password: "a brand new password" });
    expect(await sessionIsCurrent(database.db, laptop)).toBe(false);
    expect(await checkCredentials(database.db, email, PASSWORD)).toEqual({ status: "invalid" });
    expect(await checkCredentials(database.db, email, "a brand new password")).toMatchObject({
      status: "ok",
    });
    const notice = (await inbox(email, seen + 2)).at(-1);
    expect(notice?.subject).toBe("Your Frontdesk password was changed");
    expect(notice?.text).toContain("Every session of the account was signed out");

    // Reuse is refused, and changes nothing.
    expect(await resetLinkIsUsable(database.db, token)).toBe(false);
    const reuse = await resetPassword(database.db, {
      token,
      password: "an attacker's password",
    }).catch((e: unknown) => e);
    expect(codeOf(reuse)).toBe("NOT_FOUND");
    expect(await checkCredentials(database.db, email, "a brand new password")).toMatchObject({
      status: "ok",
    });
  });

  it("an expired link, a superseded link and an unknown address all do nothing", async () => {
    const { email } = await verifiedAccount("late");
    const seen = (await inbox(email)).length;
    await requestPasswordReset(database.db, email);
    const first = tokenOf(linkIn((await inbox(email, seen + 1)).at(-1), "/reset-password"));
    // Expired: an hour and a second later.
    const later = new Date(Date.now() + 3_601_000);
    expect(await resetLinkIsUsable(database.db, first, later)).toBe(false);
    expect(
      codeOf(
        await resetPassword(
          database.db,
          { token: first, password: "too late password" },
          later,
        ).catch((e: unknown) => e),
      ),
    ).toBe("NOT_FOUND");
    // Superseded: a newer link voids the older one.
    await requestPasswordReset(database.db, email);
    const second = tokenOf(linkIn((await inbox(email, seen + 2)).at(-1), "/reset-password"));
    expect(second).not.toBe(first);
    expect(await resetLinkIsUsable(database.db, first)).toBe(false);
    expect(await resetLinkIsUsable(database.db, second)).toBe(true);
    expect(await checkCredentials(database.db, email, PASSWORD)).toMatchObject({ status: "ok" });

    const nobody = address("ghost");
    await expect(requestPasswordReset(database.db, nobody)).resolves.toBeUndefined();
    expect(await inbox(nobody, 0)).toHaveLength(0);
  });

  it("two concurrent uses of one link: exactly one succeeds", async () => {
    const { email } = await verifiedAccount("racer");
    const seen = (await inbox(email)).length;
    await requestPasswordReset(database.db, email);
    const token = tokenOf(linkIn((await inbox(email, seen + 1)).at(-1), "/reset-password"));
    const outcomes = await Promise.allSettled([
      resetPassword(database.db, { token, password: "first racer password" }),
      resetPassword(database.db, { token, password: "second racer password" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === "rejected");
    expect(codeOf(lost?.status === "rejected" ? lost.reason : null)).toBe("NOT_FOUND");
    const winners = await Promise.all(
      ["first racer password", "second racer password"].map(
        async (p) => (await checkCredentials(database.db, email, p)).status,
      ),
    );
    expect(winners.sort()).toEqual(["invalid", "ok"]);
  });

  it("resetting verifies an address that never was: the link proved it", async () => {
    const email = address("never-verified");
    await signUp(database.db, { account: { email, password: PASSWORD, name: "N" }, tenant: null });
    await requestPasswordReset(database.db, email);
    const reset = (await inbox(email, 2)).find((m) => m.subject.startsWith("Reset"));
    await resetPassword(database.db, {
      token: tokenOf(linkIn(reset, "/reset-password")),
      password: "chosen by the owner",
    });
    expect(await checkCredentials(database.db, email, "chosen by the owner")).toMatchObject({
      status: "ok",
    });
  });
});

describe("Settings → Account", () => {
  // Issue #11 item 5: a password change ends the sessions it concerns, at once.
  it("a password change ends the user's other sessions but not this one, and tells the address", async () => {
    const { email, userId } = await verifiedAccount("changer");
    const here = await issueSession(userId);
    const elsewhere = [await issueSession(userId), await issueSession(userId)];
    const seen = (await inbox(email)).length;

    const wrong = await changePassword(database.db, here, {
      currentPassword: "not my password",
      newPassword: "a better password",
    }).catch((e: unknown) => e);
    expect(codeOf(wrong)).toBe("BAD_REQUEST");
    for (const s of [here, ...elsewhere]) expect(await sessionIsCurrent(database.db, s)).toBe(true);

    await changePassword(database.db, here, {
      currentPassword: PASSWORD,
      newPassword: "a better password",
    });
    expect(await sessionIsCurrent(database.db, here)).toBe(true);
    for (const s of elsewhere) expect(await sessionIsCurrent(database.db, s)).toBe(false);
    expect(await checkCredentials(database.db, email, "a better password")).toMatchObject({
      status: "ok",
    });
    const notice = (await inbox(email, seen + 1)).at(-1);
    expect(notice?.subject).toBe("Your Frontdesk password was changed");
    expect(notice?.text).toContain("Every other session of the account was signed out");
    expect(notice?.raw).not.toContain("a better password");

    // The kept session is ended by the next "sign out everywhere" like any other.
    await endAllSessions(database.db, userId);
    expect(await sessionIsCurrent(database.db, here)).toBe(false);
  });

  it("a session already ended is not brought back by a change made with its stale claims", async () => {
    const { userId } = await verifiedAccount("stale");
    const ended = await issueSession(userId);
    await endAllSessions(database.db, userId);
    const fresh = await issueSession(userId);
    await changePassword(database.db, fresh, {
      currentPassword: PASSWORD,
      newPassword: "yet another password",
    });
    expect(await sessionIsCurrent(database.db, fresh)).toBe(true);
    expect(await sessionIsCurrent(database.db, ended)).toBe(false);
  });

  it("an address change waits for the new address's link; then other sessions end and the old address is told", async () => {
    const { email: oldEmail, userId } = await verifiedAccount("mover");
    const here = await issueSession(userId);
    const elsewhere = await issueSession(userId);
    const newEmail = address("moved");
    const seenOld = (await inbox(oldEmail)).length;

    await requestEmailChange(database.db, here, { newEmail, currentPassword: PASSWORD });
    expect(await accountSummary(database.db, userId)).toMatchObject({
      email: oldEmail,
      pendingEmail: newEmail,
    });
    // Nothing changed yet: the old address still signs in.
    expect(await checkCredentials(database.db, oldEmail, PASSWORD)).toMatchObject({ status: "ok" });
    const [confirm] = await inbox(newEmail);
    expect(confirm?.subject).toBe("Confirm your new email address");

    const opened = await openVerificationLink(
      database.db,
      tokenOf(linkIn(confirm, "/verify-email")),
      here,
    );
    expect(opened).toEqual({ kind: "email-changed", userId, sessionKept: true });
    expect(await accountSummary(database.db, userId)).toMatchObject({
      email: newEmail,
      pendingEmail: null,
    });
    expect(await sessionIsCurrent(database.db, here)).toBe(true);
    expect(await sessionIsCurrent(database.db, elsewhere)).toBe(false);
    expect(await checkCredentials(database.db, oldEmail, PASSWORD)).toEqual({ status: "invalid" });
    expect(await checkCredentials(database.db, newEmail, PASSWORD)).toMatchObject({ status: "ok" });

    const told = (await inbox(oldEmail, seenOld + 1)).at(-1);
    expect(told?.subject).toBe("Your Frontdesk email address was changed");
    // The old address learns that it changed, not the whole new address.
    expect(told?.raw).not.toContain(newEmail);
    expect(told?.text).toContain(newEmail.slice(newEmail.indexOf("@")));
  });

  it("an address change needs the current password, and to a taken address it fails at the link", async () => {
    const { userId } = await verifiedAccount("greedy");
    const { email: taken } = await verifiedAccount("holder");
    const here = await issueSession(userId);
    expect(
      codeOf(
        await requestEmailChange(database.db, here, {
          newEmail: address("x"),
          currentPassword: "not it at all",
        }).catch((e: unknown) => e),
      ),
    ).toBe("BAD_REQUEST");
    // Asking does not reveal that the address is taken…
    await requestEmailChange(database.db, here, { newEmail: taken, currentPassword: PASSWORD });
    const confirm = (await inbox(taken)).find(
      (m) => m.subject === "Confirm your new email address",
    );
    // …the mailbox's owner opening the link does.
    const refused = await openVerificationLink(
      database.db,
      tokenOf(linkIn(confirm, "/verify-email")),
    ).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe("CONFLICT");
    expect((await accountSummary(database.db, userId))?.email).not.toBe(taken);
  });
});

describe("invitations by email", () => {
  it("the invitation arrives with the tenant's name and a working link; the invited verified account accepts it", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const { email, userId } = await verifiedAccount("invitee");
    const seen = (await inbox(email)).length;
    const invitation = await api.members.invite({ email, role: "viewer" });
    const mail = (await inbox(email, seen + 1)).at(-1);
    const [tenant] = await queryRows<{ name: string }>(
      database.db,
      sql`select name from tenants where id = ${t.tenantId}::uuid`,
    );
    expect(mail?.subject).toBe(`Join ${tenant?.name} on Frontdesk`);
    const link = linkIn(mail, "/invite/");
    // The emailed link and the one the console shows are the same invitation.
    expect(link.pathname).toBe(`/invite/${invitation.acceptUrlToken}`);
    const accepted = await acceptInvitation(database.db, invitation.acceptUrlToken, userId);
    expect(accepted).toMatchObject({ tenantId: t.tenantId, role: "viewer", alreadyMember: false });
  });

  it("an account whose verified address is not the invited one is refused", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const invited = address("invited");
    const { userId: stranger } = await verifiedAccount("stranger");
    const invitation = await api.members.invite({ email: invited, role: "admin" });
    const refused = await acceptInvitation(database.db, invitation.acceptUrlToken, stranger).catch(
      (e: unknown) => e,
    );
    expect(codeOf(refused)).toBe("FORBIDDEN");
    expect((refused as Error).message).toMatch(/different email address/);
  });
});
