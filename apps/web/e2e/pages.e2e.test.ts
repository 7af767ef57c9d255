// Every console page in a real browser: it renders for the demo owner without a hydration mismatch,
// an axe-core scan finds no serious or critical WCAG 2.1 A/AA violation, and a screenshot lands in
// test-artifacts/screenshots.
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
  watchHydrationErrors,
} from "./browser";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;

const PAGES = [
  { name: "dashboard", path: "", heading: "Dashboard" },
  { name: "bookings", path: "/bookings", heading: "Bookings" },
  { name: "orders", path: "/orders", heading: "Orders" },
  { name: "scores", path: "/scores", heading: "Scores" },
  { name: "metrics", path: "/metrics", heading: "Metrics" },
  { name: "phi", path: "/phi", heading: "PHI" },
  { name: "bookings-resources", path: "/bookings/resources", heading: "Resources" },
  { name: "phi-policy", path: "/phi/policy", heading: "PHI" },
  { name: "phi-scan", path: "/phi/scan", heading: "PHI" },
  { name: "phi-stats", path: "/phi/stats", heading: "PHI" },
  { name: "settings", path: "/settings", heading: "Profile" },
  { name: "settings-account", path: "/settings/account", heading: "Account" },
  { name: "settings-members", path: "/settings/members", heading: "Members" },
  { name: "settings-api-keys", path: "/settings/api-keys", heading: "API keys" },
  { name: "settings-webhooks", path: "/settings/webhooks", heading: "Webhooks" },
  { name: "settings-usage", path: "/settings/usage", heading: "Usage" },
  { name: "settings-billing", path: "/settings/billing", heading: "Billing|Plan" },
  { name: "settings-audit", path: "/settings/audit", heading: "Audit" },
  { name: "health", path: "/health", heading: "Health" },
] as const;

describe.skipIf(!chromiumPath)(`console pages (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let page: Page;
  let tenantId: string;
  let cspViolations: string[];
  let hydrationErrors: string[];

  beforeAll(async () => {
    app = await startConsole(backend);
    browser = await launchBrowser(chromiumPath);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    cspViolations = watchCspViolations(page);
    hydrationErrors = watchHydrationErrors(page);
    tenantId = await signIn(page, app.baseUrl, DEMO_OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("signs the seeded owner in to the seeded tenant's dashboard", async () => {
    expect(cspViolations.splice(0)).toEqual([]);
    await expect(
      page.getByRole("heading", { level: 1, name: "Dashboard" }).isVisible(),
    ).resolves.toBe(true);
    await expect(
      page.getByRole("button", { name: /Tenant: Sunrise Clinic/ }).isVisible(),
    ).resolves.toBe(true);
  });

  for (const p of [
    { name: "sign-in", path: "/sign-in" },
    { name: "sign-up", path: "/sign-up" },
    { name: "verify-email", path: "/verify-email" },
    { name: "forgot-password", path: "/forgot-password" },
    { name: "reset-password-invalid", path: "/reset-password?token=not-a-real-token" },
  ]) {
    it(`${p.name} (signed out): renders, passes axe (0 serious/critical), screenshot saved`, async () => {
      const anonymous = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const refused = watchCspViolations(anonymous);
      try {
        const response = await anonymous.goto(`${app.baseUrl}${p.path}`);
        expect(response?.status()).toBe(200);
        await anonymous.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 30_000 });
        await settled(anonymous);
        await screenshot(anonymous, `${backend}-${p.name}`);
        const violations = await seriousA11yViolations(anonymous);
        expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
        // The page ran under its enforced CSP without the browser refusing anything.
        expect(refused).toEqual([]);
      } finally {
        await anonymous.close();
      }
    });
  }

  it("API reference (signed out): lists the REST routes with their fields, passes axe, no CSP refusal", async () => {
    const anonymous = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const refused = watchCspViolations(anonymous);
    try {
      const response = await anonymous.goto(`${app.baseUrl}/docs/api`);
      expect(response?.status()).toBe(200);
      // Reachable from the sign-in page's footer too.
      await anonymous.goto(`${app.baseUrl}/sign-in`);
      await anonymous.getByRole("link", { name: "API reference" }).click();
      await anonymous.waitForURL(/\/docs\/api$/, { timeout: 30_000 });
      await anonymous
        .getByRole("heading", { level: 1, name: /API reference/ })
        .waitFor({ timeout: 30_000 });
      const create = anonymous.locator("#bookingscreate");
      await expect(create.getByRole("heading", { level: 3 }).textContent()).resolves.toMatch(
        /POST\s+\/api\/v1\/bookings$/,
      );
      await expect(
        create.getByRole("rowheader", { name: "attendee.email", exact: true }).isVisible(),
      ).resolves.toBe(true);
      await expect(create.getByText("code: CONFLICT").isVisible()).resolves.toBe(true);
      // The table of contents jumps to the operation; the raw document is one link away.
      await expect(
        anonymous
          .getByRole("navigation", { name: "API reference contents" })
          .getByRole("link", { name: "POST /api/v1/bookings", exact: true })
          .getAttribute("href"),
      ).resolves.toBe("#bookingscreate");
      await expect(
        anonymous.getByRole("link", { name: "/api/openapi.json" }).getAttribute("href"),
      ).resolves.toBe("/api/openapi.json");
      await settled(anonymous);
      await screenshot(anonymous, `${backend}-api-reference`);
      const violations = await seriousA11yViolations(anonymous);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      expect(refused).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  for (const p of PAGES) {
    it(`${p.name}: renders, passes axe (0 serious/critical), screenshot saved`, async () => {
      const response = await page.goto(`${app.baseUrl}/t/${tenantId}${p.path}`);
      expect(response?.status()).toBe(200);
      await page
        .getByRole("heading", { level: 1, name: new RegExp(p.heading) })
        .first()
        .waitFor({ timeout: 30_000 });
      await settled(page);
      await screenshot(page, `${backend}-${p.name}`);
      const violations = await seriousA11yViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      expect(cspViolations.splice(0)).toEqual([]);
      // The server rendered the page with its data, and the browser's first render agreed.
      expect(hydrationErrors.splice(0)).toEqual([]);
    });
  }
});
