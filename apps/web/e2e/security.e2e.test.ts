// The console's browser-facing hardening against `next start`: every page, API route and static
// file carries the security headers (a nonce CSP on pages that the pages actually run under, no
// framing, nosniff, a referrer policy, HSTS only over HTTPS, no-store on the API), and user text
// with no spaces (200+ characters) wraps instead of pushing the page sideways.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  DEMO_OWNER,
  launchBrowser,
  screenshot,
  settled,
  signIn,
  watchCspViolations,
} from "./browser";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;

const CONSOLE_PAGES = [
  "",
  "/bookings",
  "/bookings/resources",
  "/orders",
  "/scores",
  "/metrics",
  "/phi",
  "/phi/policy",
  "/phi/scan",
  "/phi/stats",
  "/settings",
  "/settings/account",
  "/settings/members",
  "/settings/api-keys",
  "/settings/usage",
  "/settings/billing",
  "/settings/audit",
  "/health",
];

/** 240 characters with no space or hyphen (no break opportunity), and nothing the PHI gate reads as PHI. */
const LONG = "Supercalifragilisticexpialidocious".repeat(7).slice(0, 240);
/** The same for fields capped at 200 characters (names). */
const NAME = LONG.slice(0, 200);

function cspDirectives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function expectBaseHeaders(url: string, headers: Record<string, string>): void {
  expect(headers["x-frame-options"], url).toBe("DENY");
  expect(headers["x-content-type-options"], url).toBe("nosniff");
  expect(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
  // Served over plain HTTP here: no HSTS (a browser would ignore it anyway).
  expect(headers["strict-transport-security"], url).toBeUndefined();
}

describe.skipIf(!chromiumPath)(`security headers and long user text (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let tenantId: string;
  let violations: string[];

  beforeAll(async () => {
    app = await startConsole(backend);
    browser = await launchBrowser(chromiumPath);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    violations = watchCspViolations(page);
    tenantId = await signIn(page, app.baseUrl, DEMO_OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A tRPC call from the signed-in page (its session cookie, the tenant header), superjson-encoded. */
  async function trpc<T>(
    path: string,
    input: unknown,
    kind: "query" | "mutation" = "mutation",
  ): Promise<T> {
    const result = await page.evaluate(
      async ({ path, input, kind, tenantId }) => {
        const payload = JSON.stringify({ json: input });
        const response =
          kind === "query"
            ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(payload)}`, {
                headers: { "x-frontdesk-tenant": tenantId },
              })
            : await fetch(`/api/trpc/${path}`, {
                method: "POST",
                headers: { "content-type": "application/json", "x-frontdesk-tenant": tenantId },
                body: payload,
              });
        return { status: response.status, body: await response.text() };
      },
      { path, input, kind, tenantId },
    );
    if (result.status !== 200) throw new Error(`${path}: ${result.status} ${result.body}`);
    return (JSON.parse(result.body) as { result: { data: { json: T } } }).result.data.json;
  }

  it("gives every page a nonce CSP (no inline scripts), no framing, nosniff and a referrer policy", async () => {
    const paths = [
      "/",
      "/sign-in",
      "/sign-up",
      "/verify-email",
      "/forgot-password",
      "/reset-password?token=not-a-real-token",
      "/invite/not-a-real-token",
      "/no-such-page",
      ...CONSOLE_PAGES.map((p) => `/t/${tenantId}${p}`),
    ];
    const nonces = new Set<string>();
    for (const path of paths) {
      const response = await context.request.get(`${app.baseUrl}${path}`, { maxRedirects: 0 });
      const headers = response.headers();
      expectBaseHeaders(path, headers);
      const csp = cspDirectives(headers["content-security-policy"] ?? null);
      const scripts = csp.get("script-src") ?? [];
      const nonce = scripts.find((v) => v.startsWith("'nonce-"));
      expect(nonce, `${path}: ${headers["content-security-policy"]}`).toBeDefined();
      expect(scripts, path).toContain("'strict-dynamic'");
      expect(scripts, path).not.toContain("'unsafe-inline'");
      expect(scripts, path).not.toContain("'unsafe-eval'");
      expect(csp.get("style-src") ?? [], path).not.toContain("'unsafe-inline'");
      expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(csp.get("object-src"), path).toEqual(["'none'"]);
      expect(csp.get("base-uri"), path).toEqual(["'none'"]);
      expect(csp.get("form-action"), path).toEqual(["'self'"]);
      // Plain HTTP here: subresources are not forced to HTTPS.
      expect(csp.has("upgrade-insecure-requests"), path).toBe(false);
      if (response.status() === 200) {
        // The scripts Next.js rendered carry this response's nonce (else the page would never hydrate).
        const html = await response.text();
        const value = nonce?.slice("'nonce-".length, -1) ?? "";
        expect(
          html.includes(`nonce="${value}"`),
          `${path}: no script with the header's nonce`,
        ).toBe(true);
      } else {
        expect([307, 404], path).toContain(response.status());
      }
      if (nonce) nonces.add(nonce);
    }
    // A fresh nonce per response.
    expect(nonces.size).toBe(paths.length);
  });

  it("sends HSTS and upgrade-insecure-requests only when the request came over HTTPS", async () => {
    for (const path of ["/sign-in", "/api/health"]) {
      const response = await context.request.get(`${app.baseUrl}${path}`, {
        headers: { "x-forwarded-proto": "https" },
      });
      expect(response.headers()["strict-transport-security"], path).toBe(
        "max-age=63072000; includeSubDomains",
      );
    }
    const page = await context.request.get(`${app.baseUrl}/sign-in`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(
      cspDirectives(page.headers()["content-security-policy"] ?? null).has(
        "upgrade-insecure-requests",
      ),
    ).toBe(true);
    const plain = await context.request.get(`${app.baseUrl}/sign-in`, {
      headers: { "x-forwarded-proto": "http" },
    });
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  });

  it("marks every API response no-store, unframeable and unsniffable", async () => {
    const webhook = await context.request.post(`${app.baseUrl}/api/stripe/webhook`, {
      headers: { "stripe-signature": "t=1,v1=00", "content-type": "application/json" },
      data: "{}",
    });
    const responses = [
      ["GET /api/health", await context.request.get(`${app.baseUrl}/api/health`)],
      ["GET /api/auth/session", await context.request.get(`${app.baseUrl}/api/auth/session`)],
      ["GET /api/auth/csrf", await context.request.get(`${app.baseUrl}/api/auth/csrf`)],
      [
        "GET /api/trpc (tenant data)",
        await context.request.get(
          `${app.baseUrl}/api/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
          {
            headers: { "x-frontdesk-tenant": tenantId },
          },
        ),
      ],
      [
        "POST /api/trpc (tenant data)",
        await context.request.post(`${app.baseUrl}/api/trpc/scores.configs.upsert`, {
          headers: { "x-frontdesk-tenant": tenantId, "content-type": "application/json" },
          data: JSON.stringify({ json: { name: "" } }),
        }),
      ],
      [
        "GET /api/trpc (no such procedure)",
        await context.request.get(`${app.baseUrl}/api/trpc/nope`),
      ],
      ["POST /api/stripe/webhook", webhook],
    ] as const;
    for (const [label, response] of responses) {
      const headers = response.headers();
      expectBaseHeaders(label, headers);
      expect(headers["cache-control"] ?? "", label).toContain("no-store");
      const csp = cspDirectives(headers["content-security-policy"] ?? null);
      expect(csp.get("default-src"), label).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), label).toEqual(["'none'"]);
    }
    expect(responses[3][1].status()).toBe(200);
  });

  it("puts the fixed headers on static files too, and a no-script policy on page responses to a posted body", async () => {
    const html = await (await context.request.get(`${app.baseUrl}/sign-in`)).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const file = await context.request.get(`${app.baseUrl}${asset ?? ""}`);
    expect(file.status()).toBe(200);
    expectBaseHeaders(asset ?? "", file.headers());

    // A form posted before hydration (or with scripts off) skips the proxy (it would buffer the
    // body): its page response runs no script at all.
    const posted = await context.request.post(`${app.baseUrl}/sign-in`, {
      form: { email: "x@example.com" },
      maxRedirects: 0,
    });
    expectBaseHeaders("POST /sign-in", posted.headers());
    const csp = cspDirectives(posted.headers()["content-security-policy"] ?? null);
    expect(csp.get("script-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("cannot be framed: the browser refuses to render the console in an iframe", async () => {
    const framing = await context.newPage();
    try {
      // An attacker's page (no CSP of its own) framing the console's sign-in page.
      await framing.setContent(
        `<h1>attacker</h1><iframe src="${app.baseUrl}/sign-in" width="800" height="600"></iframe>`,
      );
      const child = framing.frames().find((f) => f !== framing.mainFrame());
      expect(child).toBeDefined();
      await child?.waitForLoadState("load").catch(() => undefined);
      await framing.waitForTimeout(1000);
      // Chromium shows its own "refused to connect" page in the frame instead of the sign-in form.
      const framedForms = child
        ? await child
            .getByLabel("Password")
            .count()
            .catch(() => 0)
        : 0;
      expect(framedForms).toBe(0);
    } finally {
      await framing.close();
    }
  });

  it("first look: the demo's PHI findings (masked, blocked, alerted) show on the PHI page and the dashboard", async () => {
    // On PGlite this console started the way a newcomer starts it (no database given): the web
    // process migrated and seeded its own embedded database, the PHI demo included. On PostgreSQL
    // the harness ran the same seed (what `pnpm db:seed` does).
    await page.goto(`${app.baseUrl}/t/${tenantId}/phi`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await settled(page);
    const events = page.getByRole("table");
    for (const type of ["SSN", "CREDIT_CARD"])
      await events.getByText(type, { exact: true }).first().waitFor();
    expect(await page.getByText("No PHI detected yet", { exact: true }).count()).toBe(0);
    // The dashboard's period ends at the current minute (dashboard-inputs.ts), so findings seeded
    // in this very minute show from the next one: look again until then.
    await expect
      .poll(
        async () => {
          await page.goto(`${app.baseUrl}/t/${tenantId}`);
          await page.getByRole("heading", { level: 1 }).first().waitFor();
          await settled(page);
          return page.getByText(/^[1-9]\d* writes? blocked$/).count();
        },
        { timeout: 120_000, interval: 10_000 },
      )
      .toBeGreaterThan(0);
  });

  it("opens Radix dialogs under the enforced CSP: their scroll-lock <style> carries the nonce, no violation", async () => {
    violations.length = 0;
    await page.goto(`${app.baseUrl}/t/${tenantId}/settings/members`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await settled(page);
    await page.getByRole("button", { name: "Invite member", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a member", exact: true });
    await dialog.waitFor();
    // react-remove-scroll locks the page's scrolling with a <style> it adds on open; without the
    // request's nonce the browser refuses it (and the page behind the dialog still scrolls).
    await page.waitForFunction(() => document.body.hasAttribute("data-scroll-locked"));
    const styles = await page.evaluate(() =>
      Array.from(document.head.querySelectorAll("style")).map((s) => ({
        nonce: s.nonce,
        scrollLock: /data-scroll-locked|block-interactivity|with-scroll-bars-hidden/.test(
          s.textContent ?? "",
        ),
      })),
    );
    expect(styles.filter((s) => s.scrollLock).length).toBeGreaterThan(0);
    for (const style of styles.filter((s) => s.scrollLock)) expect(style.nonce).not.toBe("");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // Chromium reports a refused <style> on the console as it happens.
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
  });

  it("lists a pending invitation in Settings → Members and revokes it: it leaves the list and its link stops working", async () => {
    violations.length = 0;
    const email = `revoke.e2e.${Date.now()}@example.com`;
    await page.goto(`${app.baseUrl}/t/${tenantId}/settings/members`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await settled(page);
    await page.getByRole("button", { name: "Invite member", exact: true }).click();
    const invite = page.getByRole("dialog", { name: "Invite a member", exact: true });
    await invite.getByLabel("Email", { exact: true }).fill(email);
    await invite.getByLabel("Role", { exact: true }).selectOption("admin");
    await invite.getByRole("button", { name: "Create invitation", exact: true }).click();
    const shared = page.getByRole("dialog", { name: "Invitation sent", exact: true });
    const link = await shared.getByLabel("Invitation link", { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${app.baseUrl}/invite/[\\w-]+$`));
    await shared.getByRole("button", { name: "Done", exact: true }).click();
    await shared.waitFor({ state: "hidden" });

    const pending = page.getByRole("region", { name: "Pending invitations", exact: true });
    const row = pending.getByRole("row").filter({ hasText: email });
    await row.waitFor();
    await expect(row.getByRole("cell", { name: "Admin", exact: true }).count()).resolves.toBe(1);
    await row
      .getByRole("button", { name: `Revoke the invitation for ${email}`, exact: true })
      .click();
    const confirm = page.getByRole("alertdialog", {
      name: `Revoke the invitation for ${email}?`,
      exact: true,
    });
    await confirm.getByRole("button", { name: "Revoke invitation", exact: true }).click();
    await confirm.waitFor({ state: "hidden" });
    await row.waitFor({ state: "detached" });
    await page.getByText(`Invitation for ${email} revoked`, { exact: true }).waitFor();

    // The API agrees, and the link the invitee was sent no longer admits anyone.
    const listed = await trpc<{ items: { email: string }[] }>(
      "members.listInvitations",
      { limit: 200 },
      "query",
    );
    expect(listed.items.map((i) => i.email)).not.toContain(email);
    const visitor = await browser.newContext();
    try {
      const invitee = await visitor.newPage();
      await invitee.goto(link);
      await invitee.getByRole("heading", { name: "Invitation not valid", exact: true }).waitFor();
    } finally {
      await visitor.close();
    }
    expect(violations).toEqual([]);
  });

  it("wraps 240-character words on every page that shows user text: no horizontal scrolling", async () => {
    const resource = await trpc<{ id: string }>("bookings.resources.create", {
      name: NAME,
      description: LONG,
      slotMinutes: 60,
      minNoticeMinutes: 0,
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        start: "00:00",
        end: "23:00",
      })),
    });
    const from = new Date(Date.now() + 3_600_000);
    const slots = await page.evaluate(
      async ({ resourceId, from, to, tenantId }) => {
        const input = JSON.stringify({
          json: { resourceId, from, to },
          meta: { values: { from: ["Date"], to: ["Date"] } },
        });
        const response = await fetch(
          `/api/trpc/bookings.slots?input=${encodeURIComponent(input)}`,
          { headers: { "x-frontdesk-tenant": tenantId } },
        );
        return (await response.json()) as {
          result: { data: { json: { slotId: string; available: boolean }[] } };
        };
      },
      {
        resourceId: resource.id,
        from: from.toISOString(),
        to: new Date(from.getTime() + 3 * 86_400_000).toISOString(),
        tenantId,
      },
    );
    const slot = slots.result.data.json.find((s) => s.available);
    expect(slot).toBeDefined();
    const booking = await trpc<{ id: string }>("bookings.create", {
      slotId: slot?.slotId,
      attendee: { name: NAME, email: "longname.e2e@example.com" },
      notes: LONG,
    });
    const order = await trpc<{ id: string }>("orders.create", {
      items: [{ sku: "LONG-1", name: NAME, quantity: 1, unitAmount: 1000 }],
      currency: "USD",
      notes: LONG,
      idempotencyKey: `long-text-${Date.now()}`,
    });
    await trpc("scores.record", { sessionId: NAME, name: "helpfulness", value: 4, comment: LONG });

    const pages = [
      ["dashboard", ""],
      ["bookings", "/bookings"],
      ["booking-detail", `/bookings/${booking.id}`],
      ["resources", "/bookings/resources"],
      ["orders", "/orders"],
      ["order-detail", `/orders/${order.id}`],
      ["scores", "/scores?tab=list"],
      ["audit", "/settings/audit"],
    ] as const;
    const overflowing: string[] = [];
    for (const [name, path] of pages) {
      await page.goto(`${app.baseUrl}/t/${tenantId}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await settled(page);
      const size = await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        return {
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          shown: document.body.innerText.includes("Supercalifragilistic"),
        };
      });
      await screenshot(page, `${backend}-long-text-${name}`);
      if (size.scrollWidth > size.clientWidth)
        overflowing.push(`${name}: ${size.scrollWidth} > ${size.clientWidth}`);
      if (["booking-detail", "resources", "order-detail", "scores"].includes(name))
        expect(size.shown, `${name} shows the long text`).toBe(true);
    }
    expect(overflowing).toEqual([]);
    expect(violations).toEqual([]);
  });
});
