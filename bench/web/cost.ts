// What each console page costs, in measures that hold still on a loaded machine (unlike the wall
// clock of web:pages): the web process's CPU per server render (its user + system time over N
// sequential renders of the page's HTML, signed in; on PGlite that includes the queries, which run
// in the same process), the database transactions per render (PostgreSQL: pg_stat_database), and in
// the browser the JavaScript and HTML bytes a first load downloads and the page's element count.
//
//   pnpm --filter @frontdesk/bench web:cost [--backend pglite|postgres] [--renders 20] [--pages a,b]
// Needs a production build (`pnpm build`) and `chromium` on PATH.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { DEMO_OWNER, findChromium, launchBrowser, signIn } from "../../apps/web/e2e/browser";
import { startConsole, type E2eBackend } from "../../apps/web/e2e/harness";

const PAGES: Record<string, string> = {
  dashboard: "",
  metrics: "/metrics",
  scores: "/scores",
  orders: "/orders",
  settings: "/settings",
  bookings: "/bookings",
  phi: "/phi",
  "phi-stats": "/phi/stats",
  health: "/health",
};

const { values } = parseArgs({
  options: {
    renders: { type: "string", default: "20" },
    backend: { type: "string", default: "pglite" },
    pages: { type: "string", default: "dashboard,metrics,scores,orders,settings" },
  },
});
const renders = Number(values.renders);
const backend = values.backend as E2eBackend;
const wanted = ["sign-in", ...values.pages.split(",").map((p) => p.trim())];
for (const w of wanted) if (w !== "sign-in" && !(w in PAGES)) throw new Error(`unknown page ${w}`);
process.env.TEST_DATABASE_URL ??=
  process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The process's user + system CPU in ms (Linux /proc, 100 ticks a second). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

async function main() {
  const app = await startConsole(backend);
  const pid = app.web.pid;
  if (pid === undefined) throw new Error("no web pid");
  const chromium = findChromium();
  if (!chromium) throw new Error("Chromium not found");
  const browser = await launchBrowser(chromium);
  const admin =
    backend === "postgres"
      ? postgres(process.env.TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} })
      : null;
  const dbTransactions = async (): Promise<number> => {
    if (!admin) return Number.NaN;
    // Statistics reach the shared view once a backend is idle for a second.
    await new Promise((r) => setTimeout(r, 1_200));
    const [row] = await admin<{ n: string }[]>`
      select sum(xact_commit + xact_rollback)::text as n from pg_stat_database
      where datname like ${`frontdesk_e2e_${process.pid}_%`}`;
    return Number(row?.n ?? Number.NaN);
  };
  try {
    const login = await browser.newContext();
    const loginPage = await login.newPage();
    const tenantId = await signIn(loginPage, app.baseUrl, DEMO_OWNER);
    const state = await login.storageState();
    await login.close();
    const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const url = (name: string) =>
      name === "sign-in" ? `${app.baseUrl}/sign-in` : `${app.baseUrl}/t/${tenantId}${PAGES[name]}`;

    console.log(
      `backend ${backend}, ${renders} sequential renders per page (after 3 warm-up), web pid ${pid}`,
    );
    console.log(
      `${"page".padEnd(12)}${"cpu ms".padStart(9)}${"wall p50".padStart(10)}${"xacts".padStart(7)}${"html kB".padStart(9)}${"js kB".padStart(8)}${"js gz kB".padStart(10)}${"scripts".padStart(9)}${"elements".padStart(10)}`,
    );
    for (const name of wanted) {
      const headers: Record<string, string> = name === "sign-in" ? {} : { cookie };
      const get = async () => {
        const started = performance.now();
        const response = await fetch(url(name), { headers: { ...headers, accept: "text/html" } });
        const body = await response.text();
        if (!response.ok) throw new Error(`${name}: ${response.status}`);
        return { ms: performance.now() - started, bytes: body.length };
      };
      for (let i = 0; i < 3; i++) await get();
      const xactsBefore = await dbTransactions();
      const cpuBefore = cpuMs(pid);
      const walls: number[] = [];
      let htmlBytes = 0;
      for (let i = 0; i < renders; i++) {
        const r = await get();
        walls.push(r.ms);
        htmlBytes = r.bytes;
      }
      const cpu = (cpuMs(pid) - cpuBefore) / renders;
      const xacts = ((await dbTransactions()) - xactsBefore) / renders;

      // A first load in the browser: what it downloads, and how many elements the page ends with.
      const context = await browser.newContext({
        storageState: name === "sign-in" ? undefined : state,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(url(name), { waitUntil: "networkidle" });
      await page.waitForTimeout(500);
      const seen = await page.evaluate(() => {
        const scripts = (
          performance.getEntriesByType("resource") as PerformanceResourceTiming[]
        ).filter((e) => e.initiatorType === "script" || e.name.endsWith(".js"));
        return {
          js: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
          jsWire: scripts.reduce((n, e) => n + e.encodedBodySize, 0),
          scripts: scripts.length,
          elements: document.querySelectorAll("*").length,
        };
      });
      await context.close();
      console.log(
        `${name.padEnd(12)}${cpu.toFixed(1).padStart(9)}${median(walls).toFixed(1).padStart(10)}${(Number.isNaN(xacts) ? "-" : xacts.toFixed(1)).padStart(7)}${(htmlBytes / 1024).toFixed(1).padStart(9)}${(seen.js / 1024).toFixed(0).padStart(8)}${(seen.jsWire / 1024).toFixed(0).padStart(10)}${String(seen.scripts).padStart(9)}${String(seen.elements).padStart(10)}`,
      );
    }
  } finally {
    await browser.close();
    await admin?.end();
    await app.close();
  }
}

await main();
