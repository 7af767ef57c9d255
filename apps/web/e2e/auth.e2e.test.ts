// Sign-in hardening against the production server (server.ts) on a real database: the client address
// is the socket peer unless a trusted proxy says otherwise, so X-Forwarded-For games gain no guesses;
// the per-account limit holds across real peer addresses (127.0.0.N); audit rows carry a parsed IP or
// nothing; a hostile callbackUrl lands on the app; sign-out and "sign out everywhere" end sessions at
// once, copied cookies included.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_OWNER, launchBrowser } from "./browser";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";
import { openDevMailbox, type DevMailbox } from "./mailbox";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;
/** The one "proxy" this server trusts: a loopback address no other request comes from. */
const PROXY = "127.0.0.200";

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request from a chosen loopback source address (the server sees it as the socket peer). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from ?? "127.0.0.1",
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function cookiesOf(response: RawResponse): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

interface SignInOutcome {
  /** Where Auth.js sends the browser. */
  location: URL;
  /** The sign-in's failure code (`credentials`, `rate_limited`, `account_locked`), or null. */
  code: string | null;
  /** The session cookie header, when signed in. */
  session: string | null;
}

/** Auth.js's own credentials endpoint: CSRF token, then the POST a sign-in form makes. */
async function passwordSignIn(
  baseUrl: string,
  who: { email: string; password: string },
  options: { from?: string; forwardedFor?: string; callbackUrl?: string } = {},
): Promise<SignInOutcome> {
  const extra: Record<string, string> = options.forwardedFor
    ? { "x-forwarded-for": options.forwardedFor }
    : {};
  const csrf = await send(`${baseUrl}/api/auth/csrf`, { from: options.from, headers: extra });
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const response = await send(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    from: options.from,
    headers: {
      ...extra,
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(jar),
    },
    body: new URLSearchParams({
      email: who.email,
      password: who.password,
      csrfToken,
      callbackUrl: options.callbackUrl ?? `${baseUrl}/`,
    }).toString(),
  });
  const location = new URL(String(response.headers.location), baseUrl);
  for (const [k, v] of cookiesOf(response)) jar.set(k, v);
  const signedIn = [...jar.keys()].some((k) => k.endsWith("authjs.session-token"));
  return {
    location,
    code: location.searchParams.get("code"),
    session: signedIn ? cookieHeader(jar) : null,
  };
}

/** A tRPC call with a session cookie (the console's way of calling the API). */
async function trpc(
  baseUrl: string,
  session: string,
  tenantId: string,
  path: string,
  input: unknown,
  options: { from?: string; forwardedFor?: string; mutation?: boolean } = {},
) {
  const headers: Record<string, string> = {
    cookie: session,
    "x-frontdesk-tenant": tenantId,
    "content-type": "application/json",
  };
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  const url = options.mutation
    ? `${baseUrl}/api/trpc/${path}`
    : `${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await send(url, {
    method: options.mutation ? "POST" : "GET",
    headers,
    body: options.mutation ? JSON.stringify({ json: input }) : undefined,
    from: options.from,
  });
  return {
    status: response.status,
    body: JSON.parse(response.body) as {
      result?: { data: { json: unknown } };
      error?: { json: { data: { code: string } } };
    },
  };
}

describe.skipIf(!chromiumPath)(`sign-in hardening (${backend})`, () => {
  let app: RunningConsole;
  let browser: Browser;
  let mailbox: DevMailbox;

  beforeAll(async () => {
    app = await startConsole(backend, { env: { TRUSTED_PROXIES: `${PROXY}/32` } });
    browser = await launchBrowser(chromiumPath);
    mailbox = await openDevMailbox(browser, app.baseUrl);
  });

  afterAll(async () => {
    await mailbox?.close();
    await browser?.close();
    await app?.close();
  });

  /**
   * A new account with a known password, made like a person makes one: the sign-up page, the
   * verification link from the development mailbox, one sign-in.
   */
  async function newAccount(): Promise<{ email: string; password: string; tenantId: string }> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const account = {
        email: `guessed.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`,
        password: "the-right-long-password",
      };
      await page.goto(`${app.baseUrl}/sign-up`);
      await page.getByLabel("Your name").fill("Guessed At");
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByLabel("Tenant name").fill("Lockout Clinic");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      await page.goto(await mailbox.link(account.email, "/verify-email?token="));
      await page.getByRole("button", { name: "Verify email address" }).click();
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Sign in to Frontdesk" }).waitFor();
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/t\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      const tenantId = /\/t\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
      if (!tenantId) throw new Error("no tenant after sign-up");
      return { ...account, tenantId };
    } finally {
      await context.close();
    }
  }

  // Sign-ups are limited per address (the browser is always 127.0.0.1): the tests that do not lock
  // their account out share one.
  let shared: Promise<{ email: string; password: string; tenantId: string }> | undefined;
  const sharedAccount = () => (shared ??= newAccount());

  it("a new X-Forwarded-For per attempt, or `203.0.113.N, 127.0.0.1`, buys no extra guesses", async () => {
    const account = await newAccount();
    const codes: (string | null)[] = [];
    for (let n = 1; n <= 30; n++) {
      const forwardedFor = n % 2 === 0 ? `203.0.113.${n}` : `203.0.113.${n}, 127.0.0.1`;
      codes.push(
        (
          await passwordSignIn(
            app.baseUrl,
            { email: account.email, password: `wrong-${n}` },
            { forwardedFor },
          )
        ).code,
      );
    }
    // The sign-up's own sign-in counted for this email and address too, so the 10th may already be refused.
    expect(codes.slice(0, 9)).toEqual(Array(9).fill("credentials"));
    for (const code of codes.slice(10)) expect(["rate_limited", "account_locked"]).toContain(code);
    // The right password is refused too: the guesses were stopped, not merely reported.
    const right = await passwordSignIn(app.baseUrl, account, { forwardedFor: "198.51.100.99" });
    expect(right.session).toBeNull();
    expect(["rate_limited", "account_locked"]).toContain(right.code);
  });

  it("the per-account limit holds across addresses, and the sign-in page explains the cooldown", async () => {
    const account = await newAccount();
    // Ten real peers, one wrong guess each: no per-address limit is near.
    for (let n = 2; n <= 11; n++) {
      expect(
        (
          await passwordSignIn(
            app.baseUrl,
            { email: account.email, password: "wrong" },
            { from: `127.0.0.${n}` },
          )
        ).code,
      ).toBe("credentials");
    }
    // Through the trusted proxy, each attempt from yet another client address.
    const throughProxy = await passwordSignIn(app.baseUrl, account, {
      from: PROXY,
      forwardedFor: "198.51.100.12",
    });
    expect(throughProxy.code).toBe("account_locked");
    const fresh = await passwordSignIn(app.baseUrl, account, { from: "127.0.0.12" });
    expect(fresh.session).toBeNull();
    expect(fresh.code).toBe("account_locked");

    const page = await browser.newPage();
    try {
      await page.goto(fresh.location.toString());
      await expect(page.locator("#sign-in-error").textContent()).resolves.toMatch(
        /paused for up to 15 minutes after 10 failed attempts/,
      );
    } finally {
      await page.close();
    }
    // Other accounts are not affected.
    expect(
      (await passwordSignIn(app.baseUrl, DEMO_OWNER, { from: "127.0.0.12" })).session,
    ).not.toBeNull();
  });

  it("audit rows carry the client address the rule decides, or none — never header text", async () => {
    const account = await sharedAccount();
    const cases: { from: string; forwardedFor: string; expected: string | null }[] = [
      // Direct: the header is ignored, the socket peer is the client.
      { from: "127.0.0.1", forwardedFor: "<script>alert(1)</script>", expected: "127.0.0.1" },
      { from: "127.0.0.1", forwardedFor: "203.0.113.5, 127.0.0.1", expected: "127.0.0.1" },
      // Through the trusted proxy: its right-most untrusted hop, if it is an address at all.
      { from: PROXY, forwardedFor: "203.0.113.5, 198.51.100.7", expected: "198.51.100.7" },
      { from: PROXY, forwardedFor: "198.51.100.7, <script>alert(1)</script>", expected: null },
    ];
    const signedIn = await passwordSignIn(app.baseUrl, account);
    if (!signedIn.session) throw new Error(`sign-in failed: ${signedIn.location.toString()}`);
    for (const [index, c] of cases.entries()) {
      const updated = await trpc(
        app.baseUrl,
        signedIn.session,
        account.tenantId,
        "tenant.update",
        { name: `Audited ${index}` },
        { ...c, mutation: true },
      );
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    }
    const listed = await trpc(app.baseUrl, signedIn.session, account.tenantId, "audit.list", {
      action: "tenant.update",
    });
    const items =
      (listed.body.result?.data.json as { items: { ip: string | null }[] } | undefined)?.items ??
      [];
    expect(items.map((i) => i.ip).reverse()).toEqual(cases.map((c) => c.expected));
  });

  /** Auth.js's sign-out endpoint, as the sign-out button's request would reach it. */
  async function signOutRest(session: string): Promise<void> {
    const csrf = await send(`${app.baseUrl}/api/auth/csrf`, { headers: { cookie: session } });
    const jar = cookiesOf(csrf);
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const response = await send(`${app.baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${session}; ${cookieHeader(jar)}`,
      },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${app.baseUrl}/sign-in` }).toString(),
    });
    expect(response.status).toBe(302);
  }

  it("after sign-out the old session cookie is refused by the API and the console", async () => {
    const account = await sharedAccount();
    const signedIn = await passwordSignIn(app.baseUrl, account);
    if (!signedIn.session) throw new Error("sign-in failed");
    const kept = signedIn.session;
    expect((await trpc(app.baseUrl, kept, account.tenantId, "tenant.get", undefined)).status).toBe(
      200,
    );
    const other = await passwordSignIn(app.baseUrl, account);
    if (!other.session) throw new Error("second sign-in failed");

    await signOutRest(kept);
    // The copied cookie, replayed after sign-out.
    const refused = await trpc(app.baseUrl, kept, account.tenantId, "tenant.get", undefined);
    expect(refused.body.error?.json.data.code).toBe("UNAUTHORIZED");
    const page = await send(`${app.baseUrl}/t/${account.tenantId}`, { headers: { cookie: kept } });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(String(page.headers.location)).toContain("/sign-in");
    // Signing out one browser leaves the account's other sessions alone.
    expect(
      (await trpc(app.baseUrl, other.session, account.tenantId, "tenant.get", undefined)).status,
    ).toBe(200);
  });

  it('Settings → Profile\'s "Sign out everywhere" ends every session of the account at once', async () => {
    const account = await sharedAccount();
    const elsewhere = await passwordSignIn(app.baseUrl, account, { from: "127.0.0.30" });
    if (!elsewhere.session) throw new Error("sign-in failed");
    expect(
      (await trpc(app.baseUrl, elsewhere.session, account.tenantId, "tenant.get", undefined))
        .status,
    ).toBe(200);

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(`${app.baseUrl}/sign-in`);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/t\/[0-9a-f-]{36}/, { timeout: 60_000 });
      await page.goto(`${app.baseUrl}/t/${account.tenantId}/settings`);
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.waitForURL(/\/sign-in/, { timeout: 60_000 });
      // This browser is signed out: the console sends it back to sign in.
      await page.goto(`${app.baseUrl}/t/${account.tenantId}`);
      await page.waitForURL(/\/sign-in/, { timeout: 60_000 });
    } finally {
      await context.close();
    }
    const refused = await trpc(
      app.baseUrl,
      elsewhere.session,
      account.tenantId,
      "tenant.get",
      undefined,
    );
    expect(refused.body.error?.json.data.code).toBe("UNAUTHORIZED");
    // A new sign-in works.
    const again = await passwordSignIn(app.baseUrl, account);
    if (!again.session) throw new Error("sign-in after sign-out-everywhere failed");
    expect(
      (await trpc(app.baseUrl, again.session, account.tenantId, "tenant.get", undefined)).status,
    ).toBe(200);
  });

  for (const hostile of [
    "/%09/evil.example/x",
    "/%0d%0a/evil.example",
    "//evil.example/x",
    "/%5cevil.example",
    "https://evil.example/",
  ]) {
    it(`signing in with callbackUrl=${hostile} lands on the app`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        const response = await page.goto(`${app.baseUrl}/sign-in?callbackUrl=${hostile}`);
        expect(response?.status()).toBe(200);
        await page.getByLabel("Email").fill(DEMO_OWNER.email);
        await page.getByLabel("Password").fill(DEMO_OWNER.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(
          (url) => url.origin !== app.baseUrl || /\/t\/[0-9a-f-]{36}|\/%5cevil/.test(url.pathname),
          { timeout: 60_000 },
        );
        expect(new URL(page.url()).origin).toBe(app.baseUrl);
      } finally {
        await context.close();
      }
    });
  }
});
