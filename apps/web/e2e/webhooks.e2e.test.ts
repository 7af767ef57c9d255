// Settings → Webhooks in a real browser against the production server: an admin adds an endpoint
// pointing at a receiver on loopback (WEBHOOKS_ALLOW_LOOPBACK=true), copies the secret shown once,
// sends a test event, sees the delivery and its attempts, replays it, rotates the secret (both
// secrets sign during the overlap) and disables the endpoint — with the receiver verifying every
// delivery with the SDK's verifyWebhook.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@frontdesk/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  DEMO_OWNER,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  settled,
  signIn,
  watchCspViolations,
} from "./browser";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function waitUntil<T>(
  what: string,
  check: () => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!chromiumPath)(`settings → webhooks (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let page: Page;
  let tenantId: string;
  let receiver: Server;
  let receiverUrl: string;
  let cspViolations: string[];
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/frontdesk/hooks`;
    app = await startConsole(backend, { env: { WEBHOOKS_ALLOW_LOOPBACK: "true" } });
    browser = await launchBrowser(chromiumPath);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    cspViolations = watchCspViolations(page);
    tenantId = await signIn(page, app.baseUrl, DEMO_OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  const at = (path: string) => `${app.baseUrl}/t/${tenantId}${path}`;

  /** What the receiver got for one event id (every attempt and replay of it). */
  function deliveriesOf(eventId: string): Received[] {
    return received.filter((r) => r.headers["webhook-id"] === eventId);
  }

  it("adds an endpoint, shows its secret once, and a test event reaches the receiver signed with it", async () => {
    await page.goto(at("/settings/webhooks"));
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    await page.getByText("No webhook endpoints yet").waitFor();
    await settled(page);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
    await dialog.getByLabel("Endpoint URL").fill(receiverUrl);
    await dialog.getByLabel("Description (optional)").fill("Booking assistant (e2e)");
    // The picker: all events by default; unticking shows the catalogue grouped by object.
    await dialog.getByLabel("All events").click();
    await dialog.getByRole("group", { name: "Bookings" }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await dialog.getByLabel("All events").click();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    const reveal = page.getByRole("dialog", { name: "Copy the signing secret" });
    const secret = await reveal.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await screenshot(page, `${backend}-webhooks-secret`);
    await reveal.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row").filter({ hasText: receiverUrl });
    await row.waitFor();
    await expect(row.getByText("All events").isVisible()).resolves.toBe(true);
    // Shown once: the list carries only the first characters.
    await expect(page.getByText(secret).count()).resolves.toBe(0);

    const before = received.length;
    await row.getByRole("button", { name: `Send test to ${receiverUrl}` }).click();
    const delivery = await waitUntil("the test event at the receiver", () => received[before]);
    const event = verifyWebhook(delivery.body, delivery.headers, secret);
    expect(event).toMatchObject({ type: "webhook.test", tenantId });

    // The delivery log shows it delivered (the table refreshes itself while deliveries are pending).
    const deliveryRow = page.getByRole("row").filter({ hasText: "webhook.test" }).first();
    await deliveryRow.getByText("Succeeded").waitFor({ timeout: 60_000 });
    await expect(deliveryRow.getByText(/^204 · \d+ ms$/).isVisible()).resolves.toBe(true);

    // The drawer: the attempt with its status code and latency, and the payload as sent.
    await deliveryRow.getByRole("button", { name: "Details of the webhook.test delivery" }).click();
    const drawer = page.getByRole("dialog", { name: "Webhook delivery" });
    await drawer.getByRole("heading", { name: "Attempts (1)" }).waitFor();
    await expect(drawer.getByText(event.id).first().isVisible()).resolves.toBe(true);
    const attempt = drawer.getByRole("row").nth(1);
    await expect(attempt.getByRole("cell").nth(2).textContent()).resolves.toBe("204");
    await expect(attempt.getByRole("cell").nth(3).textContent()).resolves.toMatch(/^\d+ ms$/);
    await settled(page);
    await screenshot(page, `${backend}-webhooks-delivery`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Replay from the drawer: the same event (same webhook-id) arrives again.
    await drawer.getByRole("button", { name: "Replay this delivery" }).click();
    await waitUntil("the replayed delivery", () =>
      deliveriesOf(event.id).length >= 2 ? true : undefined,
    );
    for (const d of deliveriesOf(event.id))
      expect(verifyWebhook(d.body, d.headers, secret).id).toBe(event.id);
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    // Rotation: during the overlap each delivery carries both signatures, so either secret verifies it.
    await row.getByRole("button", { name: `Rotate secret of ${receiverUrl}` }).click();
    const rotate = page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await expect(rotate.getByText(/carries two signatures/).isVisible()).resolves.toBe(true);
    await rotate.getByLabel("Old secret keeps signing for").selectOption("1");
    await rotate.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("dialog", { name: "Copy the new signing secret" });
    const fresh = await rotated.getByLabel("Signing secret").inputValue();
    expect(fresh).not.toBe(secret);
    await expect(rotated.getByText(/signed with both secrets/).isVisible()).resolves.toBe(true);
    await rotated.getByRole("button", { name: "Done" }).click();
    const next = received.length;
    await row.getByRole("button", { name: `Send test to ${receiverUrl}` }).click();
    const afterRotation = await waitUntil("a test event after the rotation", () => received[next]);
    expect(verifyWebhook(afterRotation.body, afterRotation.headers, fresh).type).toBe(
      "webhook.test",
    );
    expect(verifyWebhook(afterRotation.body, afterRotation.headers, secret).type).toBe(
      "webhook.test",
    );
    expect(cspViolations.splice(0)).toEqual([]);
  });

  it("filters deliveries through the URL, and a disabled endpoint says why", async () => {
    await page.goto(at("/settings/webhooks"));
    await page.getByRole("heading", { name: "Deliveries" }).waitFor();
    await page.getByLabel("Status").selectOption("failed");
    await page.waitForURL(/status=failed/);
    await page.getByText("No deliveries match these filters").waitFor();
    await page.getByLabel("Event type").selectOption("webhook.test");
    await page.getByLabel("Status").selectOption("succeeded");
    // The filter reaches the URL after the rows may already show: reload only once it has.
    await page.waitForURL(/status=succeeded/);
    await page.getByRole("row").filter({ hasText: "webhook.test" }).first().waitFor();
    await page.reload();
    await expect(page.getByLabel("Status").inputValue()).resolves.toBe("succeeded");
    await page.getByRole("button", { name: "Clear filters" }).click();

    const row = page.getByRole("row").filter({ hasText: receiverUrl });
    await row.getByRole("button", { name: `Edit ${receiverUrl}` }).click();
    const dialog = page.getByRole("dialog", { name: "Edit webhook endpoint" });
    await dialog.getByRole("switch", { name: "Enabled" }).click();
    await dialog.getByRole("button", { name: "Save endpoint" }).click();
    await row.getByText("Disabled", { exact: true }).waitFor();
    await expect(row.getByText("Disabled by an admin.").isVisible()).resolves.toBe(true);
    await settled(page);
    await screenshot(page, `${backend}-webhooks`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(cspViolations.splice(0)).toEqual([]);
  });
});
