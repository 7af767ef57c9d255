// What tenant staff do in the console, in a real browser against the production server (`pnpm start`) on a real database
// with the local Stripe-speaking server: book and cancel, take an order's payment (a signed webhook)
// and refund part of it, make an API key and use it from the SDK, block PHI by policy, and a viewer
// who sees no mutation controls and is refused when forcing one.
import { createFrontdeskClient, TRPCClientError } from "@frontdesk/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  DEMO_OWNER,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  settled,
  signIn,
} from "./browser";
import { startConsole, WEBHOOK_SECRET, type E2eBackend, type RunningConsole } from "./harness";
import { openDevMailbox } from "./mailbox";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

describe.skipIf(!chromiumPath)(`console flows (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let tenantId: string;

  beforeAll(async () => {
    app = await startConsole(backend);
    browser = await launchBrowser(chromiumPath);
    owner = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await owner.newPage();
    page.setDefaultTimeout(30_000);
    tenantId = await signIn(page, app.baseUrl, DEMO_OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const at = (path: string) => `${app.baseUrl}/t/${tenantId}${path}`;

  /** In the open New booking dialog: moves day by day until the picker offers free slots, picks the first. */
  async function pickFirstFreeSlot(dialog: ReturnType<Page["getByRole"]>): Promise<string> {
    const slots = dialog.getByRole("group", { name: /Free slots/ });
    const none = dialog.getByText("No free slots on this day");
    for (let day = 0; day < 14; day++) {
      await slots.or(none).first().waitFor();
      if (await slots.isVisible()) {
        const first = slots.getByRole("button").first();
        const label = (await first.textContent()) ?? "";
        await first.click();
        return label.trim();
      }
      await dialog.getByRole("button", { name: "Next day" }).click();
    }
    throw new Error("no free slot in the next 14 days");
  }

  it("opens the tenant menu (loaded on demand) by click and by keyboard, and Escape gives focus back", async () => {
    await page.goto(at(""));
    const switcher = page.getByRole("button", { name: /^Tenant: .+\. Switch tenant$/ });
    await switcher.click();
    const menu = page.getByRole("menu");
    await menu.getByText("Your tenants").waitFor();
    // Each tenant is a link to its console (asChild: the menu item is the link itself).
    await expect(menu.locator(`a[role="menuitem"][href="/t/${tenantId}"]`).count()).resolves.toBe(
      1,
    );
    await expect(menu.getByRole("menuitem", { name: "Create a tenant…" }).count()).resolves.toBe(1);
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });
    await expect(switcher.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Open again from the keyboard: the menu is now the real trigger.
    await page.keyboard.press("Enter");
    await menu.getByText("Your tenants").waitFor();
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });
  });

  it("books a real free slot and cancels it", async () => {
    await page.goto(at("/bookings"));
    await page.getByRole("button", { name: "New booking" }).click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    await pickFirstFreeSlot(dialog);
    await dialog.getByLabel("Attendee name").fill("Grace Hopper");
    await dialog.getByLabel("Attendee email").fill("grace.e2e@example.com");
    await dialog.getByRole("button", { name: "Create booking" }).click();
    await page.getByText(/^Booked /).waitFor();
    await page.getByRole("button", { name: "View", exact: true }).click();
    await page.waitForURL(new RegExp(`/bookings/${UUID}$`));
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await expect(page.getByText("Grace Hopper").first().isVisible()).resolves.toBe(true);

    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.getByRole("button", { name: "Yes, cancel booking" }).click();
    await page.getByText("Booking cancelled").first().waitFor();
    await page.reload();
    await page.getByText("Cancelled").first().waitFor();
    // A cancelled booking offers no more actions.
    await expect(page.getByRole("button", { name: "Cancel booking" }).count()).resolves.toBe(0);
    await screenshot(page, `${backend}-flow-booking-cancelled`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it("creates an order, takes its payment through a signed Stripe webhook, and refunds part of it", async () => {
    await page.goto(at("/orders"));
    await page.getByRole("button", { name: "New order" }).click();
    const dialog = page.getByRole("dialog", { name: "New order" });
    await dialog.getByLabel("SKU").first().fill("CONSULT-30");
    await dialog.getByLabel("Name").first().fill("Consultation, 30 minutes");
    await dialog.getByLabel("Quantity").first().fill("2");
    await dialog.getByLabel("Unit price").first().fill("40.00");
    await expect(dialog.getByLabel("Order total").textContent()).resolves.toContain("80.00");
    await dialog.getByRole("button", { name: "Create order" }).click();
    await page.getByText(/^Order [0-9a-f]{8} created/).waitFor();
    await page.getByRole("button", { name: "View order" }).click();
    await page.waitForURL(new RegExp(`/orders/${UUID}$`));
    const orderId = new RegExp(`/orders/(${UUID})$`).exec(page.url())?.[1] ?? "";

    // The customer pays: Stripe moves the PaymentIntent and sends a signed event.
    const intent = [...app.stripe.state.paymentIntents.values()].find(
      (pi) => pi.metadata.order_id === orderId,
    );
    expect(intent?.amount).toBe(8000);
    if (!intent) throw new Error("no PaymentIntent for the order");
    const paid = app.stripe.setPaymentIntentStatus(intent.id, "succeeded");
    const hook = app.stripe.signedEvent({
      type: "payment_intent.succeeded",
      object: paid,
      secret: WEBHOOK_SECRET,
    });
    const delivered = await fetch(`${app.baseUrl}/api/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": hook.signature },
      body: hook.payload,
    });
    expect(delivered.status).toBe(200);

    // The order becomes paid once the event is processed (eagerly by the route, else by the worker).
    for (let attempt = 0; attempt < 60; attempt++) {
      await page.reload();
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await settled(page, 5_000);
      if (await page.getByRole("button", { name: "Refund" }).isVisible()) break;
      await page.waitForTimeout(1_000);
    }
    await page.getByRole("button", { name: "Refund" }).click();
    const refund = page.getByRole("dialog", { name: "Refund order" });
    await refund.getByLabel("Amount").fill("25.00");
    await refund.getByRole("button", { name: "Confirm refund" }).click();
    await page
      .getByText(/Refund(ed)? .*25\.00/)
      .first()
      .waitFor();
    await page.reload();
    await page.getByText("Partially refunded").first().waitFor();
    const refunds = [...app.stripe.state.refunds.values()];
    expect(refunds.map((r) => r.amount)).toEqual([2500]);
    await screenshot(page, `${backend}-flow-order-refunded`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it("creates an API key with the secret shown once, and the SDK works with it", async () => {
    await page.goto(at("/settings/api-keys"));
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Key name").fill("E2E booking widget");
    await dialog.getByLabel("bookings:read").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secretField = dialog.getByLabel("API key secret");
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await dialog.getByRole("button", { name: "Done" }).click();
    await page
      .getByRole("cell", { name: /^E2E booking widget/ })
      .first()
      .waitFor();
    // The list never shows the secret again.
    await expect(page.getByText(secret).count()).resolves.toBe(0);

    const sdk = createFrontdeskClient({ url: app.baseUrl, apiKey: secret, retries: 0 });
    const resources = await sdk.bookings.resources.list.query({});
    expect(resources.items.map((r) => r.name)).toContain("Dr. Amara Rivera");
    // The key's scopes hold over HTTP: a write scope was not granted.
    const refused = await sdk.orders.list.query({}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(refused).toMatchObject({ data: { code: "FORBIDDEN" } });
  });

  it("blocks a booking note with an SSN once the PHI policy says block, with a message that says why", async () => {
    await page.goto(at("/phi/policy"));
    await page.getByLabel("SSN", { exact: true }).selectOption("block");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("PHI policy saved").waitFor();

    await page.goto(at("/bookings"));
    await page.getByRole("button", { name: "New booking" }).click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    await pickFirstFreeSlot(dialog);
    await dialog.getByLabel("Attendee name").fill("Alan Turing");
    await dialog.getByLabel("Attendee email").fill("alan.e2e@example.com");
    await dialog
      .getByLabel("Notes (optional)")
      .fill("Patient SSN 219-09-9999, please verify at the desk");
    await dialog.getByRole("button", { name: "Create booking" }).click();
    const failure = page.getByText("Could not create the booking");
    await failure.waitFor();
    const toast = page.locator("[data-sonner-toast]").filter({ has: failure });
    const text = (await toast.textContent()) ?? "";
    expect(text).toMatch(/SSN/);
    expect(text).not.toContain("219-09-9999");
    // Nothing was booked: the dialog is still open with the input kept.
    await expect(dialog.getByLabel("Attendee name").inputValue()).resolves.toBe("Alan Turing");
    await screenshot(page, `${backend}-flow-phi-blocked`);
  });

  it("signs up a new owner with a new tenant, whose empty console says what to do next", async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const p = await fresh.newPage();
      p.setDefaultTimeout(30_000);
      const email = `owner.${Date.now()}@example.com`;
      await p.goto(`${app.baseUrl}/sign-up`);
      await p.getByLabel("Your name").fill("Olga Owner");
      await p.getByLabel("Email").fill(email);
      await p.getByLabel("Password").fill("a-long-enough-password");
      await p.getByLabel("Tenant name").fill("Harbour Dental");
      await p.getByLabel("Time zone").selectOption("Europe/Paris");
      await p.getByRole("button", { name: "Create account" }).click();
      // Verify the address with the link from the development mailbox, then sign in.
      await p.getByRole("heading", { name: "Check your email" }).waitFor();
      const mailbox = await openDevMailbox(browser, app.baseUrl);
      try {
        await p.goto(await mailbox.link(email, "/verify-email?token="));
      } finally {
        await mailbox.close();
      }
      await p.getByRole("button", { name: "Verify email address" }).click();
      await p.getByRole("link", { name: "Sign in" }).click();
      await p.getByRole("heading", { level: 1, name: "Sign in to Frontdesk" }).waitFor();
      await p.getByLabel("Email").fill(email);
      await p.getByLabel("Password").fill("a-long-enough-password");
      await p.getByRole("button", { name: "Sign in" }).click();
      await p.waitForURL(new RegExp(`/t/${UUID}$`), { timeout: 60_000 });
      expect(p.url()).not.toContain(tenantId);
      await p.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      await settled(p, 10_000);
      await expect(
        p.getByRole("button", { name: /Tenant: Harbour Dental/ }).isVisible(),
      ).resolves.toBe(true);
      await expect(p.getByText("Times in Europe/Paris").first().isVisible()).resolves.toBe(true);
      // A new tenant sees none of the demo tenant's data, and empty states instead of blank panels.
      await expect(p.getByText("Alan Turing").count()).resolves.toBe(0);
      await p.getByText("No metrics recorded yet.").waitFor();
      await screenshot(p, `${backend}-flow-new-tenant-dashboard`);
      await expect(seriousA11yViolations(p)).resolves.toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("a viewer sees no mutation controls, and a forced mutation is FORBIDDEN", async () => {
    const email = `viewer.${Date.now()}@example.com`;
    await page.goto(at("/settings/members"));
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Role").selectOption("viewer");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const link = await dialog.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/invite\//);
    await dialog.getByRole("button", { name: "Done" }).click();

    const viewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const v = await viewer.newPage();
      v.setDefaultTimeout(30_000);
      await v.goto(link);
      await v.getByRole("heading", { level: 1 }).first().waitFor();
      await screenshot(v, `${backend}-flow-invite`);
      await expect(seriousA11yViolations(v)).resolves.toEqual([]);
      await v.getByRole("link", { name: "Create an account" }).click();
      await v.getByLabel("Your name").fill("Vera Viewer");
      await v.getByLabel("Email").fill(email);
      await v.getByLabel("Password").fill("viewer-e2e-password-1");
      await v.getByRole("button", { name: "Create account" }).click();
      // The address is verified first (the link comes back to the invitation), then signed in.
      await v.getByRole("heading", { name: "Check your email" }).waitFor();
      const mailbox = await openDevMailbox(browser, app.baseUrl);
      try {
        // The invitation itself was emailed too.
        await mailbox.link(email, "/invite/");
        await v.goto(await mailbox.link(email, "/verify-email?token="));
      } finally {
        await mailbox.close();
      }
      await v.getByRole("button", { name: "Verify email address" }).click();
      await v.getByRole("link", { name: "Sign in to accept the invitation" }).click();
      await v.getByRole("heading", { level: 1, name: "Sign in to Frontdesk" }).waitFor();
      await v.getByLabel("Email").fill(email);
      await v.getByLabel("Password").fill("viewer-e2e-password-1");
      await v.getByRole("button", { name: "Sign in" }).click();
      await v.getByRole("button", { name: "Accept invitation" }).click();
      await v.waitForURL(new RegExp(`/t/${tenantId}`), { timeout: 60_000 });

      for (const [path, control] of [
        ["/bookings", "New booking"],
        ["/orders", "New order"],
        ["/scores", "Annotate"],
      ] as const) {
        await v.goto(at(path));
        await v.getByRole("heading", { level: 1 }).first().waitFor();
        await settled(v, 10_000);
        await expect(
          v.getByRole("button", { name: new RegExp(control) }).count(),
          `${path}: ${control}`,
        ).resolves.toBe(0);
      }
      await screenshot(v, `${backend}-flow-viewer-orders`);

      // Forcing the API with the viewer's own session cookie: the policy map refuses it.
      const forced = await v.evaluate(async (tenant) => {
        const response = await fetch("/api/trpc/orders.create", {
          method: "POST",
          headers: { "content-type": "application/json", "x-frontdesk-tenant": tenant },
          body: JSON.stringify({
            json: {
              currency: "USD",
              items: [{ sku: "X", name: "Forced", quantity: 1, unitAmount: 100 }],
              idempotencyKey: crypto.randomUUID(),
            },
          }),
        });
        return { status: response.status, body: await response.text() };
      }, tenantId);
      expect(forced.status).toBe(403);
      expect(JSON.parse(forced.body)).toMatchObject({
        error: { json: { data: { code: "FORBIDDEN" } } },
      });
    } finally {
      await viewer.close();
    }
  });
});
