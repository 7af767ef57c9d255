// Reading mail the way a newcomer without an SMTP relay does: from the console's development mailbox
// page (/dev/mailbox), as an operator (the demo owner, named in DEV_MAILBOX_OPERATORS by the harness).
// One signed-in operator context per test file, so reading mail costs no extra sign-ins.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_OWNER, signIn } from "./browser";

export interface DevMailbox {
  /**
   * The newest link to `path` (e.g. `/verify-email`) in a message to `to`, waiting for the worker to
   * deliver it (it polls the outbox every second).
   */
  link(to: string, path: string, timeoutMs?: number): Promise<string>;
  /**
   * The subjects of the messages `to` received, newest first, once one of them is `subject` (or the
   * time is up): the worker delivers from the outbox on its own clock, so a message sent by the request just answered may not be there yet.
   */
  subjectsIncluding(to: string, subject: string, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function openDevMailbox(browser: Browser, baseUrl: string): Promise<DevMailbox> {
  const context: BrowserContext = await browser.newContext();
  const page: Page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, baseUrl, DEMO_OWNER);
  const visit = async (to: string) => {
    await page.goto(`${baseUrl}/dev/mailbox?${new URLSearchParams({ to }).toString()}`);
    await page.getByRole("heading", { level: 1, name: "Development mailbox" }).waitFor();
  };
  return {
    async link(to, path, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await visit(to);
        const hrefs = await page
          .locator("article a[href]")
          .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
        const found = hrefs.find((href) => href.startsWith(`${baseUrl}${path}`));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${path} link for ${to} in the mailbox`);
        await page.waitForTimeout(500);
      }
    },
    async subjectsIncluding(to, subject, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await visit(to);
        const subjects = await page.locator("article h2").allTextContents();
        if (subjects.includes(subject) || Date.now() > deadline) return subjects;
        await page.waitForTimeout(500);
      }
    },
    close: () => context.close(),
  };
}
