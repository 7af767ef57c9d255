// The real browser for the e2e suite: Debian's Chromium driven by playwright-core, plus the checks
// every page gets (axe-core accessibility scan, a screenshot under test-artifacts/).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const REPO = path.resolve(import.meta.dirname, "../../..");
export const SCREENSHOTS = path.join(REPO, "test-artifacts", "screenshots");

export const DEMO_OWNER = {
  email: "owner@sunrise-clinic.example",
  password: "sunrise-demo-password",
};

/** Debian's Chromium (CHROMIUM_PATH, else `chromium` on PATH), or null: a browser is never downloaded. */
export function findChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : null;
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    const file = found.stdout.trim();
    if (found.status === 0 && file) return file;
  }
  return null;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      // A test that follows a hostile redirect must never resolve, let alone reach, an outside name.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ],
  });
}

export async function signIn(
  page: Page,
  baseUrl: string,
  who: { email: string; password: string },
): Promise<string> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/t\/[0-9a-f-]{36}/, { timeout: 60_000 });
  const match = /\/t\/([0-9a-f-]{36})/.exec(page.url());
  if (!match?.[1]) throw new Error(`no tenant in ${page.url()}`);
  return match[1];
}

let axeSource: Promise<string> | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Collects the page's Content-Security-Policy violations: Chromium's console reports ("Refused to
 * …") and `securitypolicyviolation` events. The suite runs under the enforced CSP and expects none.
 */
export function watchCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (text.includes("Refused to") || text.includes("Content Security Policy"))
      seen.push(`${page.url()}: ${text}`);
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `Refused to load (CSP ${event.violatedDirective}): ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return seen;
}

/**
 * Collects React's hydration failures: the server's HTML and the browser's first render disagreed
 * (production builds report them as minified errors #418, #423 and #425, as uncaught errors or on the
 * console). Pages await their data on the server so that both renders agree; this keeps them honest.
 */
export function watchHydrationErrors(page: Page): string[] {
  const seen: string[] = [];
  const hydration = /Minified React error #(?:418|423|425)|hydrat/i;
  page.on("pageerror", (error) => {
    if (hydration.test(error.message)) seen.push(`${page.url()}: ${error.message}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && hydration.test(message.text()))
      seen.push(`${page.url()}: ${message.text()}`);
  });
  return seen;
}

/** Runs axe-core (WCAG 2.x A/AA rules) on the page; returns serious and critical violations only. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // After a client-side transition Next sets the new page's <title> a moment after its content:
  // wait for one (bounded), so axe judges the page and not the instant between the two. A page that
  // never gets a title still fails `document-title`.
  await page
    .waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 })
    .catch(() => undefined);
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  // Through the DevTools protocol, which the page's CSP does not govern: an injected <script>
  // would be (rightly) refused, as it carries no nonce.
  const session = await page.context().newCDPSession(page);
  try {
    await session.send("Runtime.evaluate", { expression: await axeSource });
  } finally {
    await session.detach();
  }
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until no skeleton/"Loading" status is on the page (panels load independently). */
export async function settled(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: timeoutMs }).catch(() => undefined);
  await page
    .waitForFunction(
      () => document.querySelectorAll('[role="status"][aria-live="polite"]').length === 0,
      undefined,
      { timeout: timeoutMs },
    )
    .catch(() => undefined);
}
