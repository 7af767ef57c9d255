// scores.summary answers from the daily rollup `score_day_values` plus the edge days' scores. Its
// answers must be the ones a direct aggregate over the scores gives (the summary as it was computed
// before the rollup, kept here as the reference) for random data, ranges and buckets — after bulk
// inserts, value changes, soft and hard deletes, moved rows, a change of the tenant's time zone and
// concurrent writers — and the rollup must stay behind the tenant policy.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, withTenant, type Database, type ScoreKind } from "@frontdesk/db";
import { callerFor, type TestTenant } from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { seededRandom } from "@frontdesk/testing/random";
import type { ScoreSummary, SummaryInput } from "./schemas";
import { HISTOGRAM_BINS, histogramFor, type Histogram } from "./summary";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t), {
  max: 4,
  a: { timeZone: "America/New_York" },
  b: { timeZone: "UTC" },
});

// The data differ per run; a failure prints the seed, which ROLLUP_TEST_SEED replays.
const { seed, random, pick } = seededRandom(process.env.ROLLUP_TEST_SEED);

const DAY = 86_400_000;
/** Scores fall in the 70 days before this instant (a Monday, 10:17:23.456 UTC). */
const END = Date.parse("2026-11-02T10:17:23.456Z");

interface NewScore {
  name: string;
  kind: ScoreKind;
  numeric_value: number | null;
  string_value: string | null;
  boolean_value: boolean | null;
  created_at: string;
}

function randomScore(): NewScore {
  const created_at = new Date(END - Math.floor(random() * 70 * DAY)).toISOString();
  const r = random();
  if (r < 0.45) {
    // Few distinct values (a 1–5 rating) and many (three decimals, some negative).
    const v =
      random() < 0.5 ? 1 + Math.floor(random() * 5) : Math.round((random() * 20 - 5) * 1000) / 1000;
    return {
      name: "quality",
      kind: "numeric",
      numeric_value: v,
      string_value: null,
      boolean_value: null,
      created_at,
    };
  }
  if (r < 0.7) {
    const v = random() < 0.6;
    return {
      name: "resolved",
      kind: "boolean",
      numeric_value: v ? 1 : 0,
      string_value: null,
      boolean_value: v,
      created_at,
    };
  }
  if (r < 0.95) {
    return {
      name: "topic",
      kind: "categorical",
      numeric_value: null,
      string_value: pick(["billing", "booking", "other", "Ünïcode ✓"]),
      boolean_value: null,
      created_at,
    };
  }
  // The same name with another kind (possible without a config): the summary leaves these out.
  return {
    name: "quality",
    kind: "categorical",
    numeric_value: null,
    string_value: "n/a",
    boolean_value: null,
    created_at,
  };
}

async function insertScores(tenantId: string, rows: NewScore[]): Promise<void> {
  await database.db.execute(sql`
    insert into conversation_scores (tenant_id, session_id, name, kind, numeric_value, string_value, boolean_value, source, created_at)
    select ${tenantId}::uuid, 's-' || x.n, x.name, x.kind, x.numeric_value, x.string_value, x.boolean_value, 'api', x.created_at
    from json_to_recordset(${JSON.stringify(rows.map((r, n) => ({ ...r, n })))}::json)
      as x(n int, name text, kind text, numeric_value float8, string_value text, boolean_value boolean, created_at timestamptz)`);
}

/** The summary as computed before the rollup: every statement over the scores themselves. */
async function directSummary(tenantId: string, input: SummaryInput): Promise<ScoreSummary> {
  const from = new Date(input.from).toISOString();
  const to = new Date(input.to).toISOString();
  const [tenant] = await queryRows<{ time_zone: string }>(
    database.db,
    sql`select time_zone from tenants where id = ${tenantId}`,
  );
  const tz = tenant?.time_zone ?? "UTC";
  const [latest] = await queryRows<{ kind: ScoreKind }>(
    database.db,
    sql`select kind from conversation_scores where tenant_id = ${tenantId} and name = ${input.name} and deleted_at is null order by created_at desc limit 1`,
  );
  const kind = latest?.kind ?? null;
  const scores = sql`select date_trunc(${input.bucket}, created_at at time zone ${tz}) as local_start, numeric_value as v, string_value, boolean_value
      from conversation_scores
      where tenant_id = ${tenantId} and deleted_at is null and name = ${input.name} and kind = ${kind ?? ""}
        and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz`;
  const stats = await queryRows<{
    bucket: string;
    local_start: string;
    count: number;
    mean: number | null;
    p50: number | null;
    p90: number | null;
  }>(
    database.db,
    sql`with s as (${scores}),
      b as (
        select g as local_start
        from generate_series(date_trunc(${input.bucket}, ${from}::timestamptz at time zone ${tz}), ${to}::timestamptz at time zone ${tz}, ('1 ' || ${input.bucket})::interval) g
        where g < ${to}::timestamptz at time zone ${tz}
      )
      select to_char((b.local_start at time zone ${tz}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
        to_char(b.local_start, 'YYYY-MM-DD') as local_start,
        count(s.local_start)::int as count,
        avg(s.v)::float8 as mean,
        percentile_cont(0.5) within group (order by s.v) as p50,
        percentile_cont(0.9) within group (order by s.v) as p90
      from b left join s on s.local_start = b.local_start
      group by b.local_start
      order by b.local_start`,
  );
  let histogram: Histogram | null = null;
  let keys: string[] = [];
  let counts: { local_start: string; k: string; n: number }[] = [];
  if (kind === "numeric") {
    const [range] = await queryRows<{
      min: number | null;
      max: number | null;
      integers: boolean | null;
    }>(
      database.db,
      sql`with s as (${scores}) select min(v)::float8 as min, max(v)::float8 as max, bool_and(v = trunc(v)) as integers from s`,
    );
    histogram = histogramFor(
      null,
      range && range.min !== null && range.max !== null
        ? { min: Number(range.min), max: Number(range.max), integers: range.integers ?? true }
        : null,
    );
    if (histogram) {
      keys = histogram.labels;
      const { lo, hi } = histogram;
      const bin =
        histogram.mode === "integer"
          ? sql`(v - ${lo}::float8)::int`
          : lo === hi
            ? sql`0`
            : sql`least(greatest(width_bucket(v, ${lo}::float8, ${hi}::float8, ${HISTOGRAM_BINS}), 1), ${HISTOGRAM_BINS}) - 1`;
      const binned = await queryRows<{ local_start: string; bin: number; n: number }>(
        database.db,
        sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, (${bin})::int as bin, count(*)::int as n from s group by 1, 2`,
      );
      counts = binned.map((r) => ({
        local_start: r.local_start,
        k: keys[r.bin] ?? String(r.bin),
        n: r.n,
      }));
    }
  } else if (kind) {
    keys = kind === "boolean" ? ["true", "false"] : [];
    counts = await queryRows<{ local_start: string; k: string; n: number }>(
      database.db,
      sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, coalesce(string_value, boolean_value::text) as k, count(*)::int as n from s group by 1, 2`,
    );
  }
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    name: input.name,
    kind,
    timeZone: tz,
    bucket: input.bucket,
    histogram: histogram?.mode ?? null,
    buckets: stats.map((row) => {
      const distribution = new Map<string, number>(keys.map((k) => [k, 0]));
      for (const c of counts)
        if (c.local_start === row.local_start)
          distribution.set(c.k, (distribution.get(c.k) ?? 0) + Number(c.n));
      return {
        bucket: row.bucket,
        count: Number(row.count),
        mean: num(row.mean),
        p50: num(row.p50),
        p90: num(row.p90),
        distribution: Object.fromEntries(distribution),
      };
    }),
  };
}

/**
 * Equal, except that a mean may differ in the last bits: the rollup sums values in another order
 * than a scan of the scores does (and that order is not fixed for the scan either).
 */
function expectSameSummary(got: ScoreSummary, want: ScoreSummary, what: string): void {
  const strip = (s: ScoreSummary) => ({
    ...s,
    buckets: s.buckets.map((x) => ({ ...x, mean: null })),
  });
  expect(strip(got), what).toEqual(strip(want));
  for (const [i, w] of want.buckets.entries()) {
    const g = got.buckets[i]?.mean ?? null;
    if (w.mean === null) expect(g, `${what} mean #${i}`).toBeNull();
    else
      expect(Math.abs((g ?? Number.NaN) - w.mean), `${what} mean #${i}`).toBeLessThanOrEqual(
        1e-12 * Math.max(1, Math.abs(w.mean)),
      );
  }
}

/** A random range inside (and around) the data: from a few hours to 75 days, sometimes on local midnights. */
function randomRange(): Pick<SummaryInput, "from" | "to" | "bucket"> {
  const bucket = pick(["day", "week", "month"] as const);
  const from = END - Math.floor(random() * 80 * DAY);
  const span = pick([3_600_000, DAY, 3 * DAY, 20 * DAY, 75 * DAY]) + Math.floor(random() * DAY);
  // Local midnight in New York (05:00Z in winter, 04:00Z in summer) for a third of the ranges.
  const align = (t: number) =>
    random() < 0.33 ? Math.floor(t / DAY) * DAY + pick([4, 5]) * 3_600_000 : t;
  const start = align(from);
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + span).toISOString(),
    bucket,
  };
}

async function compareRandomRanges(t: TestTenant, rounds: number, label: string): Promise<number> {
  const api = await callerFor(database, { apiKey: t.adminKey });
  let nonEmpty = 0;
  for (let i = 0; i < rounds; i++) {
    const input: SummaryInput = { name: pick(["quality", "resolved", "topic"]), ...randomRange() };
    const want = await directSummary(t.tenantId, input);
    const got = await api.scores.summary(input);
    expectSameSummary(got, want, `${label} seed ${seed} ${JSON.stringify(input)}`);
    if (want.buckets.some((x) => x.count > 0)) nonEmpty++;
  }
  return nonEmpty;
}

/** The rollup's rows equal a grouping of the live scores (owner role, every tenant of this test). */
async function expectRollupEqualsScores(): Promise<void> {
  const tenants = sql`(${a.tenantId}::uuid, ${b.tenantId}::uuid)`;
  const rollup = await queryRows<Record<string, unknown>>(
    database.db,
    sql`select tenant_id::text, name, kind, local_day::text, numeric_value, string_value, boolean_value, score_count::int as n
        from score_day_values where tenant_id in ${tenants} order by 1, 2, 3, 4, 5, 6, 7`,
  );
  const raw = await queryRows<Record<string, unknown>>(
    database.db,
    sql`select c.tenant_id::text, c.name, c.kind, (c.created_at at time zone t.time_zone)::date::text as local_day,
          c.numeric_value, c.string_value, c.boolean_value, count(*)::int as n
        from conversation_scores c join tenants t on t.id = c.tenant_id
        where c.tenant_id in ${tenants} and c.deleted_at is null
        group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`,
  );
  expect(rollup.length).toBeGreaterThan(0);
  expect(rollup, `seed ${seed}`).toEqual(raw);
}

describe("scores.summary from score_day_values", () => {
  it("equals a direct aggregate over random scores, ranges and buckets after inserts, changes and deletes", async () => {
    await insertScores(a.tenantId, Array.from({ length: 2500 }, randomScore));
    await insertScores(b.tenantId, Array.from({ length: 800 }, randomScore));
    await expectRollupEqualsScores();
    expect(await compareRandomRanges(a, 30, "after inserts")).toBeGreaterThan(10);

    // Values changed, soft deletes, restores, moved rows and hard deletes, each a bulk statement.
    await database.db.execute(sql`
      update conversation_scores set numeric_value = round((numeric_value * 3)::numeric, 2)::float8
      where tenant_id = ${a.tenantId} and kind = 'numeric' and random() < 0.2`);
    await database.db.execute(sql`
      update conversation_scores set deleted_at = now() where tenant_id = ${a.tenantId} and random() < 0.15`);
    await database.db.execute(sql`
      update conversation_scores set deleted_at = null where tenant_id = ${a.tenantId} and deleted_at is not null and random() < 0.3`);
    await database.db.execute(sql`
      update conversation_scores set created_at = created_at - interval '37 hours 11 minutes' where tenant_id = ${a.tenantId} and random() < 0.1`);
    await database.db.execute(sql`
      update conversation_scores set comment = 'noted' where tenant_id = ${a.tenantId} and random() < 0.1`);
    await database.db.execute(sql`
      delete from conversation_scores where tenant_id in (${a.tenantId}, ${b.tenantId}) and random() < 0.1`);
    await expectRollupEqualsScores();
    await compareRandomRanges(a, 30, "after changes");
    await compareRandomRanges(b, 10, "other tenant");
  });

  it("is rebuilt under the new zone when the tenant's time zone changes", async () => {
    // A zone 5:45 from UTC: its local days start at 18:15Z.
    await database.db.execute(
      sql`update tenants set time_zone = 'Asia/Kathmandu' where id = ${a.tenantId}`,
    );
    await expectRollupEqualsScores();
    await compareRandomRanges(a, 20, "after the zone change");
    await database.db.execute(
      sql`update tenants set time_zone = 'America/New_York' where id = ${a.tenantId}`,
    );
    await expectRollupEqualsScores();
  });

  it("stays exact under concurrent writers on two connections", async () => {
    // Same days and values from both sides, each in its own tenant transaction as the app role.
    const batch = (n: number) =>
      Array.from({ length: n }, () => ({
        ...randomScore(),
        created_at: new Date(END - Math.floor(random() * 3 * DAY)).toISOString(),
      }));
    const writer = async () => {
      for (let i = 0; i < 8; i++) {
        await withTenant(database.db, { tenantId: a.tenantId }, async (tx) => {
          const rows = batch(25);
          await tx.execute(sql`
            insert into conversation_scores (tenant_id, session_id, name, kind, numeric_value, string_value, boolean_value, source, created_at)
            select ${a.tenantId}::uuid, 'c-' || x.n, x.name, x.kind, x.numeric_value, x.string_value, x.boolean_value, 'api', x.created_at
            from json_to_recordset(${JSON.stringify(rows.map((r, n) => ({ ...r, n })))}::json)
              as x(n int, name text, kind text, numeric_value float8, string_value text, boolean_value boolean, created_at timestamptz)`);
        });
        // A separate transaction: one that also inserted would hold rollup rows while waiting for
        // scores the other holds — a deadlock no request produces (a request writes one score).
        await withTenant(database.db, { tenantId: a.tenantId }, async (tx) => {
          await tx.execute(sql`
            update conversation_scores set deleted_at = now()
            where tenant_id = ${a.tenantId} and created_at > ${new Date(END - 3 * DAY).toISOString()}::timestamptz and random() < 0.05`);
        });
      }
    };
    await Promise.all([writer(), writer()]);
    await expectRollupEqualsScores();
  });

  it("shows and changes one tenant's rows only, under the app role", async () => {
    const seen = await withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
      queryRows<{ tenant_id: string }>(
        tx,
        sql`select distinct tenant_id::text from score_day_values`,
      ),
    );
    expect(seen).toEqual([{ tenant_id: a.tenantId }]);
    await expect(
      withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
        tx.execute(
          sql`insert into score_day_values (tenant_id, name, kind, local_day, value_key, score_count)
              values (${b.tenantId}, ${`x-${randomUUID()}`}, 'numeric', current_date, 'k', 1)`,
        ),
      ),
    ).rejects.toThrow();
  });
});
