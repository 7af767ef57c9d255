// First load of every console page in `next start` on the seeded tenant, in a real browser (Debian's
// Chromium). "First load" = a new browser context (empty HTTP cache, only the session cookie)
// navigates to the page until its data is on screen: the page's heading, no loading skeleton left,
// and a page-specific element that only exists once the data (or its empty state) is rendered.
// Baseline from the same run: the sign-in page (server-rendered, no data), loaded after every page
// so both see the same machine load; the ratio is what a page's data and code cost on top of a bare
// page of this app.
//
//   pnpm --filter @frontdesk/bench web:pages [--backend pglite|postgres] [--rounds 5] [--pages a,b]
// Needs a production build (`pnpm build`) and `chromium` on PATH.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_OWNER, findChromium, launchBrowser, signIn } from "../../apps/web/e2e/browser";
import { startConsole, type E2eBackend } from "../../apps/web/e2e/harness";

/** The target of the issue: every page's first load within this multiple of the sign-in page's. */
const TARGET_RATIO = 1.5;

// What "loaded" means, as selectors looked for inside <main> (the shell around it, sidebar and tenant
// switcher, is the same on every page). A page is loaded when its <h1> is there, no <LoadingState>
// is left, and one of its `data` selectors matches: an element that only exists once the page's data,
// or its empty state, is rendered.
const ROWS = "table tbody tr";
/** <EmptyState>: a dashed box with its title. */
const EMPTY = "div.border-dashed > p.font-medium";
/** A chart's marks drawn (a visx SVG in a <figure>): a line, or bars of non-zero height. */
const MARKS = "svg :is(path[d], rect[height]:not([height='0']))";
const CHART = `figure ${MARKS}`;

interface Ready {
  /** The source of a RegExp the page's <h1> matches; null: no <main> (the sign-in page). */
  heading: string | null;
  /** Selectors, at least one of which must match (inside <main> when there is a heading). */
  data: string[];
  /** Every <figure> on the page has this (the dashboard: every chart drawn, not only one). */
  everyFigure?: string;
}

// Runs in the page: a function (not a string of code, which the console's CSP forbids to eval).
function isReady(r: Ready): boolean {
  const scope = r.heading === null ? "" : "main ";
  if (r.heading !== null) {
    const heading = new RegExp(r.heading);
    const h1s = [...document.querySelectorAll("main h1")];
    if (!h1s.some((h) => heading.test((h.textContent ?? "").trim()))) return false;
    const statuses = [...document.querySelectorAll('main [role="status"]')];
    if (statuses.some((s) => (s.textContent ?? "").trim().startsWith("Loading"))) return false;
  }
  if (r.everyFigure !== undefined) {
    const figures = [...document.querySelectorAll("main figure")];
    const inside = r.everyFigure;
    if (figures.length === 0 || !figures.every((f) => f.querySelector(inside))) return false;
  }
  return r.data.some((selector) => document.querySelector(scope + selector) !== null);
}

interface PageSpec {
  name: string;
  /** Path under /t/<tenant>; `{order}` and `{booking}` are replaced by a seeded row's id. */
  path: string;
  heading: RegExp;
  /** What shows the page's data (or its empty state); see Ready. */
  data: string[];
  everyFigure?: string;
}

const PAGES: PageSpec[] = [
  {
    name: "dashboard",
    path: "",
    heading: /^Dashboard$/,
    // Every chart drawn (each panel's chart is its last part to appear).
    data: [CHART],
    everyFigure: MARKS,
  },
  {
    name: "bookings",
    path: "/bookings",
    heading: /^Bookings$/,
    data: [`[role="group"][aria-labelledby] ul`],
  },
  { name: "bookings-list", path: "/bookings?tab=list", heading: /^Bookings$/, data: [ROWS] },
  {
    name: "booking",
    path: "/bookings/{booking}",
    heading: /^Booking: /,
    data: ["dl dt"],
  },
  { name: "resources", path: "/bookings/resources", heading: /^Resources$/, data: [ROWS] },
  { name: "orders", path: "/orders", heading: /^Orders$/, data: [ROWS, EMPTY] },
  { name: "order", path: "/orders/{order}", heading: /^Order [0-9a-f]{8}$/, data: [ROWS] },
  { name: "scores", path: "/scores", heading: /^Scores$/, data: [CHART, EMPTY] },
  { name: "metrics", path: "/metrics", heading: /^Metrics$/, data: [CHART, EMPTY] },
  { name: "phi", path: "/phi", heading: /^PHI$/, data: [ROWS, EMPTY] },
  { name: "phi-policy", path: "/phi/policy", heading: /^PHI$/, data: ["form select"] },
  { name: "phi-scan", path: "/phi/scan", heading: /^PHI$/, data: ["form textarea"] },
  { name: "phi-stats", path: "/phi/stats", heading: /^PHI$/, data: [CHART, EMPTY] },
  {
    name: "settings",
    path: "/settings",
    heading: /^Profile$/,
    data: [`form[aria-label="Tenant settings"] input`],
  },
  {
    name: "account",
    path: "/settings/account",
    heading: /^Account$/,
    data: [`form[aria-label="Change email address"]`],
  },
  { name: "members", path: "/settings/members", heading: /^Members$/, data: [ROWS] },
  {
    name: "api-keys",
    path: "/settings/api-keys",
    heading: /^API keys$/,
    data: [ROWS, EMPTY],
  },
  {
    name: "webhooks",
    path: "/settings/webhooks",
    heading: /^Webhooks$/,
    data: [ROWS, EMPTY],
  },
  { name: "usage", path: "/settings/usage", heading: /^Usage$/, data: [`[role="progressbar"]`] },
  {
    name: "billing",
    path: "/settings/billing",
    heading: /^(Billing|Plan)/,
    data: [`[role="progressbar"]`],
  },
  { name: "audit", path: "/settings/audit", heading: /^Audit log$/, data: [ROWS] },
  {
    name: "health",
    path: "/health",
    heading: /^Health$/,
    data: [`ul[aria-label="Health checks"] li`],
  },
];

const SIGN_IN_READY: Ready = { heading: null, data: ["form button[type=submit]"] };

const HELP = `Usage: pnpm --filter @frontdesk/bench web:pages [options]

Measures the first load of each console page (a new browser context each time: empty HTTP cache,
signed in as the demo owner, until the page shows its data) against the sign-in page loaded right
after it, on a production build (next start) with the seeded demo tenant. Prints p50/p99 per page,
the p50 of the HTML's first and last byte (the server's share, from the browser's navigation
timing), and each page's p50 as a multiple of the sign-in page's (target: <= ${TARGET_RATIO}x).

  --backend B   pglite (embedded, the first-run path; default) or postgres (a fresh database on
                BENCH_ADMIN_URL / TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
  --rounds N    measured loads of each page, after one warm-up round (default 5)
  --pages a,b   only these pages (default: all)
  -h, --help    this text
  CHROMIUM_PATH overrides the browser (default: chromium on PATH; none is ever downloaded)

Pages: ${PAGES.map((p) => p.name).join(", ")}
Needs \`pnpm build\` first (the e2e suite's build serves too).`;

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    backend: { type: "string", default: "pglite" },
    pages: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rounds = Number(values.rounds);
const backend = values.backend as E2eBackend;
const wanted = values.pages?.split(",").map((p) => p.trim()) ?? PAGES.map((p) => p.name);
const unknown = wanted.filter((w) => !PAGES.some((p) => p.name === w));
if (
  !Number.isInteger(rounds) ||
  rounds < 1 ||
  (backend !== "postgres" && backend !== "pglite") ||
  unknown.length > 0
) {
  if (unknown.length > 0) console.error(`unknown page(s): ${unknown.join(", ")}\n`);
  console.error(HELP);
  process.exit(2);
}
const selected = PAGES.filter((p) => wanted.includes(p.name));
process.env.TEST_DATABASE_URL ??=
  process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

interface Load {
  /** From the navigation's start until the page showed its data. */
  total: number;
  /** The document's first byte, from the browser's navigation timing: the server's share. */
  firstByte: number;
  /** The document's last byte (a streamed page's last chunk). */
  lastByte: number;
}

async function timeLoad(context: BrowserContext, url: string, ready: Ready): Promise<Load> {
  const page = await context.newPage();
  try {
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(isReady, ready, { timeout: 30_000, polling: 10 });
    const total = performance.now() - started;
    const [firstByte = Number.NaN, lastByte = Number.NaN] = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return nav ? [nav.responseStart - nav.startTime, nav.responseEnd - nav.startTime] : [];
    });
    return { total, firstByte, lastByte };
  } finally {
    await page.close();
  }
}

/** The first link in <main> to a row's own page (`/orders/<uuid>`), read from the list page. */
async function firstRowId(page: Page, listUrl: string, segment: string): Promise<string> {
  await page.goto(listUrl);
  const pattern = new RegExp(`/${segment}/([0-9a-f]{8}-[0-9a-f-]{27})$`);
  const link = page.locator(`main a[href*="/${segment}/"]`).filter({ hasText: /\S/ });
  await link.first().waitFor({ timeout: 30_000 });
  for (const href of await link.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
    const id = pattern.exec(href)?.[1];
    if (id) return id;
  }
  throw new Error(`no ${segment} row on ${listUrl}`);
}

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function main() {
  console.log(`starting next start on ${backend} (seeded demo tenant)…`);
  const loadBefore = loadAverage();
  const app = await startConsole(backend);
  let browser: Browser | undefined;
  try {
    const chromium = findChromium();
    if (!chromium)
      throw new Error("Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH");
    browser = await launchBrowser(chromium);
    const login = await browser.newContext();
    const loginPage = await login.newPage();
    const tenantId = await signIn(loginPage, app.baseUrl, DEMO_OWNER);
    const base = `${app.baseUrl}/t/${tenantId}`;
    const ids = {
      order: await firstRowId(loginPage, `${base}/orders`, "orders"),
      booking: await firstRowId(loginPage, `${base}/bookings?tab=list`, "bookings"),
    };
    const state = await login.storageState();
    await login.close();

    const loads = new Map<string, Load[]>(selected.map((p) => [p.name, []]));
    const signInLoads: Load[] = [];
    const viewport = { width: 1280, height: 900 };
    for (let round = 0; round <= rounds; round += 1) {
      for (const spec of selected) {
        const url =
          base + spec.path.replace("{order}", ids.order).replace("{booking}", ids.booking);
        const ready: Ready = {
          heading: spec.heading.source,
          data: spec.data,
          everyFigure: spec.everyFigure,
        };
        // A fresh context each time: empty HTTP cache and no warm client state, only the session cookie.
        const signedIn = await browser.newContext({ storageState: state, viewport });
        const t = await timeLoad(signedIn, url, ready).catch((error: unknown) => {
          throw new Error(`${spec.name} (${url}) did not show its data: ${String(error)}`);
        });
        await signedIn.close();
        const anonymous = await browser.newContext({ viewport });
        const s = await timeLoad(anonymous, `${app.baseUrl}/sign-in`, SIGN_IN_READY);
        await anonymous.close();
        // Round 0 warms the server (route compilation caches, database pages, the JIT).
        if (round > 0) {
          loads.get(spec.name)?.push(t);
          signInLoads.push(s);
        }
      }
      process.stdout.write(`\rround ${round}/${rounds}${round === 0 ? " (warm-up)" : ""}   `);
    }
    process.stdout.write("\n");

    const sorted = (xs: Load[], part: keyof Load) => xs.map((x) => x[part]).sort((a, b) => a - b);
    const baseline = percentile(sorted(signInLoads, "total"), 50);
    const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
    // The first and last byte of the HTML (p50) split a page's time between the server (first byte:
    // the page's data fetched and its shell rendered), the rest of the document, and the browser.
    const row = (name: string, xs: Load[], ratio: string) =>
      `${name.padEnd(16)}${ms(percentile(sorted(xs, "total"), 50))}${ms(percentile(sorted(xs, "total"), 99))}${ms(percentile(sorted(xs, "firstByte"), 50))}${ms(percentile(sorted(xs, "lastByte"), 50))}   ${ratio}`;
    console.log(
      `\nbackend ${backend}, ${rounds} rounds (+1 warm-up), next start, load average ${loadBefore} -> ${loadAverage()} (1/5/15 min)`,
    );
    console.log(
      `${"page".padEnd(16)}${"p50".padStart(9)}${"p99".padStart(9)}${"1st byte".padStart(9)}${"last".padStart(9)}   ratio p50`,
    );
    console.log(row("sign-in", signInLoads, "1.00x (baseline)"));
    let missed = 0;
    for (const spec of selected) {
      const xs = loads.get(spec.name) ?? [];
      const ratio = percentile(sorted(xs, "total"), 50) / baseline;
      if (!(ratio <= TARGET_RATIO)) missed += 1;
      console.log(
        row(
          spec.name,
          xs,
          `${ratio.toFixed(2)}x${ratio <= TARGET_RATIO ? "" : `  > ${TARGET_RATIO}x`}`,
        ),
      );
    }
    console.log(
      `\n${selected.length - missed}/${selected.length} pages within ${TARGET_RATIO}x of the sign-in page at p50`,
    );
  } finally {
    await browser?.close();
    await app.close();
  }
}

await main();
