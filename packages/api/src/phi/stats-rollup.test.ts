// phiEvents.stats answers from the hourly rollup `phi_event_hour_counts` plus the events of the hours
// its range cuts. Its answers must be the ones a direct count over the events gives (the statement
// it ran before the rollup, kept here as the reference) for random events, ranges and buckets — after
// bulk inserts, changed and moved rows, retention's batched deletes, a change of the tenant's time
// zone (to one 5:45 from UTC) and concurrent writers — and the rollup stays behind the tenant policy.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, withTenant, type Database, type Db } from "@frontdesk/db";
import { callerFor, type TestTenant } from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { seededRandom } from "@frontdesk/testing/random";
import { bucketStartSql } from "../time-buckets";
import type { PhiEventStatsInput } from "./schemas";

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Events fall in the 60 days before now (retention counts from now), across the 2 Nov 2025 DST change. */
const END = Date.now();

function randomEvents(n: number, spanMs = 60 * DAY) {
  return Array.from({ length: n }, () => ({
    type: pick(["email", "phone", "ssn", "mrn"]),
    action: pick(["masked", "blocked", "alerted"]),
    at: new Date(END - Math.floor(random() * spanMs)).toISOString(),
  }));
}

async function insertEvents(db: Db, tenantId: string, n: number, spanMs?: number) {
  await db.execute(sql`
    insert into phi_detection_events (tenant_id, phi_type, masked_value, source_kind, source_api, action, created_at)
    select ${tenantId}::uuid, x.type, '***', 'api', 'test', x.action, x.at
    from json_to_recordset(${JSON.stringify(randomEvents(n, spanMs))}::json) as x(type text, action text, at timestamptz)`);
}

/** The stats' rows as computed before the rollup: one count over the events themselves. */
async function directStats(tenantId: string, input: PhiEventStatsInput) {
  const [tenant] = await queryRows<{ time_zone: string }>(
    database.db,
    sql`select time_zone from tenants where id = ${tenantId}`,
  );
  const tz = tenant?.time_zone ?? "UTC";
  const rows = await queryRows<{ bucket: string; type: string; action: string; count: number }>(
    database.db,
    sql`select to_char(${bucketStartSql(input.bucket, sql`created_at`, sql`${tz}::text`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
          phi_type as type, action, count(*)::int as count
        from phi_detection_events
        where tenant_id = ${tenantId} and created_at >= ${new Date(input.from).toISOString()}::timestamptz
          and created_at < ${new Date(input.to).toISOString()}::timestamptz
        group by 1, 2, 3
        order by 1, 2, 3`,
  );
  return rows.map((r) => ({
    bucket: new Date(r.bucket),
    type: r.type,
    action: r.action,
    count: r.count,
  }));
}

/** From a minute to 70 days, starting anywhere (and on the hour, or on a :15/:45, a fifth of the time). */
function randomRange(): PhiEventStatsInput {
  const bucket = pick(["hour", "day", "week", "month"] as const);
  let from = END - Math.floor(random() * 65 * DAY);
  if (random() < 0.2) from = Math.floor(from / HOUR) * HOUR + pick([0, 15, 45]) * 60_000;
  const longest = bucket === "hour" ? 40 * DAY : 70 * DAY;
  const span = pick([60_000, HOUR, 5 * HOUR, 3 * DAY, longest]) + Math.floor(random() * HOUR);
  return { from: new Date(from), to: new Date(from + span), bucket };
}

async function compareRandomRanges(t: TestTenant, rounds: number, label: string): Promise<number> {
  const api = await callerFor(database, { apiKey: t.adminKey });
  let nonEmpty = 0;
  for (let i = 0; i < rounds; i++) {
    const input = randomRange();
    const want = await directStats(t.tenantId, input);
    const got = await api.phiEvents.stats(input);
    expect(got.items, `${label} seed ${seed} ${JSON.stringify(input)}`).toEqual(want);
    expect(got.totals.count).toBe(want.reduce((s, r) => s + r.count, 0));
    if (want.length > 0) nonEmpty++;
  }
  return nonEmpty;
}

/** The rollup's rows equal a grouping of the events (owner role, both tenants of this test). */
async function expectRollupEqualsEvents(): Promise<void> {
  const tenants = sql`(${a.tenantId}::uuid, ${b.tenantId}::uuid)`;
  const rollup = await queryRows<Record<string, unknown>>(
    database.db,
    sql`select tenant_id::text, hour_start::text, local_day::text, phi_type, action, event_count::int as n
        from phi_event_hour_counts where tenant_id in ${tenants} order by 1, 2, 3, 4, 5`,
  );
  const raw = await queryRows<Record<string, unknown>>(
    database.db,
    sql`select e.tenant_id::text, ${bucketStartSql("hour", sql`e.created_at`, sql`t.time_zone`)}::text as hour_start,
          (e.created_at at time zone t.time_zone)::date::text as local_day, e.phi_type, e.action, count(*)::int as n
        from phi_detection_events e join tenants t on t.id = e.tenant_id
        where e.tenant_id in ${tenants}
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
  );
  expect(rollup.length).toBeGreaterThan(0);
  expect(rollup, `seed ${seed}`).toEqual(raw);
}

describe("phiEvents.stats from phi_event_hour_counts", () => {
  it("equals a direct count over random events, ranges and buckets after inserts, changes and retention deletes", async () => {
    await insertEvents(database.db, a.tenantId, 3000);
    await insertEvents(database.db, b.tenantId, 1000);
    await expectRollupEqualsEvents();
    expect(await compareRandomRanges(a, 30, "after inserts")).toBeGreaterThan(10);

    await database.db.execute(sql`
      update phi_detection_events set action = 'blocked' where tenant_id = ${a.tenantId} and random() < 0.1`);
    await database.db.execute(sql`
      update phi_detection_events set created_at = created_at - interval '90 minutes' where tenant_id = ${a.tenantId} and random() < 0.1`);
    await database.db.execute(sql`
      update phi_detection_events set masked_value = '[EMAIL]' where tenant_id = ${a.tenantId} and random() < 0.1`);
    // Retention's statement, in its batches: the stats then describe the events kept.
    for (;;) {
      const [gone] = await queryRows<{ n: number }>(
        database.db,
        sql`with gone as (
              delete from phi_detection_events where id in (
                select id from phi_detection_events
                where tenant_id = ${a.tenantId}::uuid and created_at < now() - interval '45 days'
                limit 500)
              returning 1
            )
            select count(*)::int as n from gone`,
      );
      if ((gone?.n ?? 0) < 500) break;
    }
    await expectRollupEqualsEvents();
    await compareRandomRanges(a, 30, "after changes and retention");
    await compareRandomRanges(b, 10, "other tenant");
  });

  it("is rebuilt under the new zone when the tenant's time zone changes", async () => {
    await database.db.execute(
      sql`update tenants set time_zone = 'Asia/Kathmandu' where id = ${a.tenantId}`,
    );
    await expectRollupEqualsEvents();
    await compareRandomRanges(a, 25, "in Kathmandu");
    await database.db.execute(
      sql`update tenants set time_zone = 'America/New_York' where id = ${a.tenantId}`,
    );
    await expectRollupEqualsEvents();
  });

  it("stays exact under concurrent writers on two connections", async () => {
    const writer = async () => {
      for (let i = 0; i < 10; i++) {
        await withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
          insertEvents(tx, a.tenantId, 30, 2 * HOUR),
        );
      }
    };
    await Promise.all([writer(), writer()]);
    await expectRollupEqualsEvents();
  });

  it("shows and changes one tenant's rows only, under the app role", async () => {
    const seen = await withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
      queryRows<{ tenant_id: string }>(
        tx,
        sql`select distinct tenant_id::text from phi_event_hour_counts`,
      ),
    );
    expect(seen).toEqual([{ tenant_id: a.tenantId }]);
    await expect(
      withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
        tx.execute(
          sql`insert into phi_event_hour_counts (tenant_id, hour_start, local_day, phi_type, action, event_count)
              values (${b.tenantId}, now(), current_date, 'email', 'masked', 1)`,
        ),
      ),
    ).rejects.toThrow();
  });
});
