// Dashboard first load in `next start` on the seeded tenant, in a real browser (Debian's Chromium).
// "First load" = a new browser context (empty HTTP cache, signed in) navigates to /t/<tenant> until
// every panel has its data (no loading status left) and the charts are drawn. Baseline from the same
// run: the same browser loading the sign-in page (server-rendered, no data), so the ratio is what the
// dashboard's data and charts cost on top of a bare page of this app.
//
//   pnpm --filter @frontdesk/bench web:dashboard [--rounds 15] [--backend postgres|pglite]
// Needs a production build (`pnpm build`) and `chromium` on PATH.
import { parseArgs } from "node:util";
import type { Browser, BrowserContext } from "playwright-core";
import { DEMO_OWNER, findChromium, launchBrowser, signIn } from "../../apps/web/e2e/browser";
import { startConsole, type E2eBackend } from "../../apps/web/e2e/harness";

const HELP = `Usage: pnpm --filter @frontdesk/bench web:dashboard [--rounds N] [--backend postgres|pglite]

Measures the dashboard's first load (new browser context, signed in, until every panel has data)
against the sign-in page's load in the same browser. Prints p50/p90 of both and the ratio.
  --rounds N    measured loads of each page after 2 warm-up loads (default 15)
  --backend B   postgres (a fresh database on BENCH_ADMIN_URL, default the local server) or pglite
                (embedded, first-run path); default postgres
  CHROMIUM_PATH overrides the browser (default: chromium on PATH)`;

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "15" },
    backend: { type: "string", default: "postgres" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rounds = Number(values.rounds);
const backend = values.backend as E2eBackend;
if (!Number.isInteger(rounds) || rounds < 1 || (backend !== "postgres" && backend !== "pglite")) {
  console.error(HELP);
  process.exit(2);
}
process.env.TEST_DATABASE_URL ??=
  process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeLoad(context: BrowserContext, url: string, ready: string): Promise<number> {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(ready, undefined, { timeout: 30_000, polling: 10 });
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}

// Every panel done: no polite loading status left, and every chart drawn (an SVG with its marks:
// a line path or bars).
const DASHBOARD_READY = `document.querySelector("h1")?.textContent === "Dashboard"
  && document.querySelectorAll('[role="status"][aria-live="polite"]').length === 0
  && document.querySelectorAll("figure").length > 0
  && [...document.querySelectorAll("figure")].every((f) => f.querySelector("svg path[d], svg rect[height]:not([height='0'])"))`;
const SIGN_IN_READY = `document.querySelector("form button[type=submit]") !== null`;

async function main() {
  console.log(`starting next start on ${backend} (seeded demo tenant)…`);
  const app = await startConsole(backend);
  let browser: Browser | undefined;
  try {
    const chromium = findChromium();
    if (!chromium)
      throw new Error("Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH");
    browser = await launchBrowser(chromium);
    const login = await browser.newContext();
    const tenantId = await signIn(await login.newPage(), app.baseUrl, DEMO_OWNER);
    const state = await login.storageState();
    await login.close();

    const dashboard: number[] = [];
    const signInPage: number[] = [];
    for (let i = 0; i < rounds + 2; i += 1) {
      // A fresh context each time: empty HTTP cache and no warm client state, only the session cookie.
      const signedIn = await browser.newContext({
        storageState: state,
        viewport: { width: 1280, height: 900 },
      });
      const d = await timeLoad(signedIn, `${app.baseUrl}/t/${tenantId}`, DASHBOARD_READY);
      await signedIn.close();
      const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const s = await timeLoad(anonymous, `${app.baseUrl}/sign-in`, SIGN_IN_READY);
      await anonymous.close();
      if (i >= 2) {
        dashboard.push(d);
        signInPage.push(s);
      }
      process.stdout.write(`\rround ${i + 1}/${rounds + 2}`);
    }
    process.stdout.write("\n");
    dashboard.sort((a, b) => a - b);
    signInPage.sort((a, b) => a - b);
    const row = (label: string, xs: number[]) =>
      `${label.padEnd(34)} p50 ${percentile(xs, 50).toFixed(0).padStart(5)} ms   p90 ${percentile(xs, 90).toFixed(0).padStart(5)} ms`;
    console.log(`\nbackend: ${backend}, ${rounds} rounds, next start (production build)`);
    console.log(row("dashboard first load (all panels)", dashboard));
    console.log(row("baseline: sign-in page load", signInPage));
    console.log(
      `ratio p50: ${(percentile(dashboard, 50) / percentile(signInPage, 50)).toFixed(2)}x   target: dashboard p50 < 1500 ms -> ${percentile(dashboard, 50) < 1500 ? "met" : "MISSED"}`,
    );
  } finally {
    await browser?.close();
    await app.close();
  }
}

await main();
