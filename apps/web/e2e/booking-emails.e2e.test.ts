// Booking emails in a real browser against the production server: an admin sets them in Settings →
// Profile (reminder lead, email retention); a booking made in the console sends its confirmation to
// the development mailbox (no SMTP_URL; the signed-in owner is an operator); the attendee opens the
// manage link from it, with no session, and cancels; the cancellation notice follows.
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

describe.skipIf(!chromiumPath)(`booking emails (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let page: Page;
  let tenantId: string;
  let cspViolations: string[];

  beforeAll(async () => {
    app = await startConsole(backend, { env: { DEV_MAILBOX_OPERATORS: DEMO_OWNER.email } });
    browser = await launchBrowser(chromiumPath);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    cspViolations = watchCspViolations(page);
    tenantId = await signIn(page, app.baseUrl, DEMO_OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const at = (path: string) => `${app.baseUrl}/t/${tenantId}${path}`;

  /** Reloads the development mailbox until a message to `to` whose subject matches arrives; its links. */
  async function mailboxLinks(to: string, subject: RegExp): Promise<string[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(`${app.baseUrl}/dev/mailbox`);
      const message = page
        .getByRole("article")
        .filter({ hasText: `To ${to}` })
        .filter({ has: page.getByRole("heading", { name: subject }) })
        .first();
      if (await message.isVisible()) {
        return message
          .getByRole("link")
          .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      }
      if (Date.now() > deadline) throw new Error(`no "${String(subject)}" message to ${to}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  it("Settings → Profile sets the reminder lead and the email retention, and they stay set", async () => {
    await page.goto(at("/settings"));
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    const notices = page.getByRole("switch", { name: "Email attendees about their bookings" });
    await expect(notices.getAttribute("aria-checked")).resolves.toBe("true");
    const reminder = page.getByLabel("Reminder", { exact: true });
    await expect(reminder.inputValue()).resolves.toBe("1440");
    await reminder.selectOption({ label: "2 hours before" });
    await page.getByLabel("Email retention (days)").fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    await expect(page.getByLabel("Reminder", { exact: true }).inputValue()).resolves.toBe("120");
    await expect(page.getByLabel("Email retention (days)").inputValue()).resolves.toBe("30");
    await expect(page.getByLabel("Delivery logs retention (days)").inputValue()).resolves.toBe(
      "90",
    );
    // Switched off, the reminder choice is disabled (nothing would be sent).
    await page.getByRole("switch", { name: "Email attendees about their bookings" }).click();
    await expect(page.getByLabel("Reminder", { exact: true }).isDisabled()).resolves.toBe(true);
    await settled(page);
    await screenshot(page, `${backend}-settings-booking-emails`);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // Not saved: leave notices on for the next test.
    await page.getByRole("button", { name: "Reset" }).click();
  });

  it("the attendee cancels from the manage link in the confirmation, with no session, once", async () => {
    const attendee = `ada.${Date.now()}@example.com`;
    await page.goto(at("/bookings"));
    await page.getByRole("button", { name: "New booking" }).click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    const slots = dialog.getByRole("group", { name: /Free slots/ });
    const none = dialog.getByText("No free slots on this day");
    for (let day = 0; ; day++) {
      await slots.or(none).first().waitFor();
      if (await slots.isVisible()) break;
      if (day > 14) throw new Error("no free slot in the next 14 days");
      await dialog.getByRole("button", { name: "Next day" }).click();
    }
    await slots.getByRole("button").first().click();
    await dialog.getByLabel("Attendee name").fill("Ada Attendee");
    await dialog.getByLabel("Attendee email").fill(attendee);
    await dialog.getByRole("button", { name: "Create booking" }).click();
    await page.getByText(/^Booked /).waitFor();

    const links = await mailboxLinks(attendee, /Booking confirmed/);
    const manage = links.find((href) => href.includes("/booking?token="));
    if (!manage) throw new Error("the confirmation has no manage link");

    // The attendee: another browser context, no console session.
    const attendeeContext = await browser.newContext({ viewport: { width: 480, height: 900 } });
    try {
      const visitor = await attendeeContext.newPage();
      visitor.setDefaultTimeout(30_000);
      const visitorCsp = watchCspViolations(visitor);
      await visitor.goto(manage);
      await visitor.getByRole("heading", { name: "Your booking" }).waitFor();
      await visitor.getByText("Confirmed", { exact: true }).waitFor();
      await expect(seriousA11yViolations(visitor)).resolves.toEqual([]);
      await visitor.getByRole("button", { name: "Cancel this booking" }).click();
      await visitor.getByText(/Your booking is cancelled/).waitFor();
      await expect(visitor.getByText("Cancelled", { exact: true }).isVisible()).resolves.toBe(true);
      await screenshot(visitor, `${backend}-booking-cancelled-by-attendee`);
      await expect(seriousA11yViolations(visitor)).resolves.toEqual([]);
      // Opening the link again: the status, and no button to press twice.
      await visitor.goto(manage);
      await visitor.getByText("Cancelled", { exact: true }).waitFor();
      await expect(
        visitor.getByRole("button", { name: "Cancel this booking" }).count(),
      ).resolves.toBe(0);
      expect(visitorCsp).toEqual([]);
    } finally {
      await attendeeContext.close();
    }

    // The same notice a console cancel sends.
    await mailboxLinks(attendee, /cancelled/i);
    expect(cspViolations).toEqual([]);
  });
});
