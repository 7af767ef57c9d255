// The account lifecycle in the browser, against the production server with no SMTP relay: links are
// read from the development mailbox page (/dev/mailbox), as a newcomer trying Frontdesk would.
// Sign-up → verify → sign in → dashboard; a taken address gets the very same page; an unverified
// account is told why it cannot sign in; forgot password → reset ends the other sessions; Settings →
// Account changes the password and keeps this browser signed in.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  settled,
  watchCspViolations,
} from "./browser";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";
import { openDevMailbox, type DevMailbox } from "./mailbox";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;
const PASSWORD = "a-long-enough-password";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

describe.skipIf(!chromiumPath)(`account lifecycle (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let mailbox: DevMailbox;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startConsole(backend);
    browser = await launchBrowser(chromiumPath);
    mailbox = await openDevMailbox(browser, app.baseUrl);
  });

  afterEach(({ task }) => {
    // The server's side of a failure (its log is otherwise lost with the process).
    if (task.result?.state === "fail") console.log(app.logs());
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await mailbox?.close();
    await browser?.close();
    await app?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  const newAddress = (label: string) =>
    `${label}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;

  async function fillSignUp(page: Page, email: string, tenantName: string): Promise<void> {
    await page.goto(`${app.baseUrl}/sign-up`);
    await page.getByLabel("Your name").fill("Olga Owner");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Tenant name").fill(tenantName);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
  }

  async function signInAs(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  let owner: { email: string; password: string; tenantId: string } | undefined;

  it("sign-up → verify with the link from the development mailbox → sign in → the new tenant's dashboard", async () => {
    const page = await freshPage();
    const refused = watchCspViolations(page);
    const email = newAddress("verified.owner");
    await fillSignUp(page, email, "Harbour Dental");
    await expect(page.locator('section[role="status"]').textContent()).resolves.toContain(email);
    await screenshot(page, `${backend}-account-check-email`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    const link = await mailbox.link(email, "/verify-email?token=");
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Verify your email address" }).waitFor();
    await page.getByRole("button", { name: "Verify email address" }).click();
    await page.getByRole("heading", { level: 1, name: "Your email address is verified" }).waitFor();
    await screenshot(page, `${backend}-account-verified`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // The link works once.
    const again = await freshPage();
    await again.goto(link);
    await again.getByRole("button", { name: "Verify email address" }).click();
    await again.getByText(/invalid, has expired or was already used/).waitFor();

    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in to Frontdesk" }).waitFor();
    await signInAs(page, email, PASSWORD);
    await page.waitForURL(new RegExp(`/t/${UUID}$`), { timeout: 60_000 });
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    await settled(page, 10_000);
    await expect(
      page.getByRole("button", { name: /Tenant: Harbour Dental/ }).isVisible(),
    ).resolves.toBe(true);
    expect(refused).toEqual([]);
    const tenantId = new RegExp(`/t/(${UUID})$`).exec(page.url())?.[1];
    if (!tenantId) throw new Error("no tenant");
    owner = { email, password: PASSWORD, tenantId };
  });

  it("signing up with a taken address shows the very same page; the address gets a notice, not a link", async () => {
    if (!owner) throw new Error("needs the first test's account");
    const fresh = await freshPage();
    await fillSignUp(fresh, newAddress("someone.new"), "Other Clinic");
    const freshText = (await fresh.locator('section[role="status"]').textContent()) ?? "";

    const taken = await freshPage();
    await fillSignUp(taken, owner.email, "Squatter Clinic");
    const takenText = (await taken.locator('section[role="status"]').textContent()) ?? "";
    // Identical but for the address typed.
    expect(takenText.replace(owner.email, "ADDRESS")).toBe(
      freshText.replace(/someone\.new\.[\w.]+@example\.com/, "ADDRESS"),
    );
    const subjects = await mailbox.subjectsIncluding(
      owner.email,
      "You already have a Frontdesk account",
    );
    expect(subjects).toContain("You already have a Frontdesk account");
    expect(subjects.filter((s) => s === "Verify your email address")).toHaveLength(1);
  });

  it("an unverified account is told why it cannot sign in, and can get a new link", async () => {
    const page = await freshPage();
    const email = newAddress("unverified");
    await fillSignUp(page, email, "Waiting Clinic");
    await page.goto(`${app.baseUrl}/sign-in`);
    await signInAs(page, email, PASSWORD);
    const alert = page.locator("#sign-in-error");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/not verified yet/);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // A wrong password is not told anything about verification.
    await page.goto(`${app.baseUrl}/sign-in`);
    await signInAs(page, email, "not-the-password-at-all");
    await expect(page.locator("#sign-in-error").textContent()).resolves.toBe(
      "The email or password is incorrect.",
    );

    await page.goto(`${app.baseUrl}/sign-in`);
    await signInAs(page, email, PASSWORD);
    await page.getByRole("link", { name: "Send a new verification link" }).click();
    // A client-side navigation: fill the next page's field, not the one still on screen.
    await page.getByRole("heading", { level: 1, name: "Get a new verification link" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send a new link" }).click();
    await page.getByText(/a new link is on its way/).waitFor();
    const link = await mailbox.link(email, "/verify-email?token=");
    await page.goto(link);
    await page.getByRole("button", { name: "Verify email address" }).click();
    await page.getByRole("heading", { level: 1, name: "Your email address is verified" }).waitFor();
  });

  it("forgot password → reset link from the mailbox → every session ends → the new password signs in", async () => {
    if (!owner) throw new Error("needs the first test's account");
    const elsewhere = await freshPage();
    await elsewhere.goto(`${app.baseUrl}/sign-in`);
    await signInAs(elsewhere, owner.email, owner.password);
    await elsewhere.waitForURL(new RegExp(`/t/${UUID}`), { timeout: 60_000 });

    const page = await freshPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { level: 1, name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(owner.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    const link = await mailbox.link(owner.email, "/reset-password?token=");
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
    await screenshot(page, `${backend}-account-reset`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const newPassword = "a-fresh-password-after-reset";
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password").fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByRole("heading", { level: 1, name: "Your password was changed" }).waitFor();

    // The browser that was signed in is signed out.
    await elsewhere.goto(`${app.baseUrl}/t/${owner.tenantId}`);
    await elsewhere.waitForURL(/\/sign-in/, { timeout: 60_000 });
    // The link works once.
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "This link cannot be used" }).waitFor();

    await page.goto(`${app.baseUrl}/sign-in`);
    await signInAs(page, owner.email, owner.password);
    await page.locator("#sign-in-error").waitFor();
    await signInAs(page, owner.email, newPassword);
    await page.waitForURL(new RegExp(`/t/${owner.tenantId}`), { timeout: 60_000 });
    owner.password = newPassword;
    await expect(
      mailbox.subjectsIncluding(owner.email, "Your Frontdesk password was changed"),
    ).resolves.toContain("Your Frontdesk password was changed");
  });

  it("Settings → Account: a password change keeps this browser signed in and signs the others out", async () => {
    if (!owner) throw new Error("needs the first test's account");
    const { email, tenantId } = owner;
    const elsewhere = await freshPage();
    await elsewhere.goto(`${app.baseUrl}/sign-in`);
    await signInAs(elsewhere, email, owner.password);
    await elsewhere.waitForURL(new RegExp(`/t/${UUID}`), { timeout: 60_000 });

    const page = await freshPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await signInAs(page, email, owner.password);
    await page.waitForURL(new RegExp(`/t/${UUID}`), { timeout: 60_000 });
    await page.goto(`${app.baseUrl}/t/${tenantId}/settings/account`);
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor();
    await settled(page);
    const form = page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill(owner.password);
    const changed = "changed-in-settings-password";
    await form.getByLabel("New password", { exact: true }).fill(changed);
    await form.getByLabel("Repeat the new password").fill(changed);
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText(/Password changed/).waitFor();
    await screenshot(page, `${backend}-settings-account`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    owner.password = changed;

    // This browser goes on; the other one is signed out.
    await page.goto(`${app.baseUrl}/t/${tenantId}/settings`);
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    await elsewhere.goto(`${app.baseUrl}/t/${tenantId}`);
    await elsewhere.waitForURL(/\/sign-in/, { timeout: 60_000 });
  });
});
