import { queryRows, type Database } from "@frontdesk/db";
import { createScratchDatabase, createTestTenant } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testLogger, runQueuedJob } from "@frontdesk/testing/worker";
import { rollupMetricsHourly } from "@frontdesk/api";
import { startWorker } from "../../worker";
import * as rollupJob from "./rollup-hourly";

let database: Database;

// A database of this file's own: the job's advisory lock and markers are database-wide, so a rollup
// run by another test file can neither hold the lock when this file's job runs nor clear its markers.
beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database.close();
});

/** Points of one metric written as the service writes them: definition, series, points, markers. */
async function writePoints(
  tenantId: string,
  points: { series: string; value: number; at: string }[],
): Promise<void> {
  await database.db.execute(sql`select frontdesk_ensure_metric_partitions('2026-03-01'::date, 1)`);
  await database.db.execute(
    sql`insert into metric_definitions (tenant_id, name, kind, series_count) values (${tenantId}::uuid, 'jobs.latency', 'gauge', 2)
        on conflict do nothing`,
  );
  for (const p of points) {
    await database.db.execute(
      sql`insert into analytics_metrics (tenant_id, name, kind, value, tags, series_hash, recorded_at)
          values (${tenantId}::uuid, 'jobs.latency', 'gauge', ${p.value}, '{}', ${p.series}, ${p.at}::timestamptz)`,
    );
    await database.db.execute(
      sql`insert into metric_rollup_dirty_hours as d (tenant_id, name, bucket_start)
          values (${tenantId}::uuid, 'jobs.latency', date_trunc('hour', ${p.at}::timestamptz, 'UTC'))
          on conflict (tenant_id, name, bucket_start) do update set version = d.version + 1`,
    );
  }
}

async function rollups(tenantId: string) {
  return queryRows<{
    series_hash: string;
    bucket: string;
    count: number;
    sum: number;
    min: number;
    max: number;
    sorted_values: number[] | string;
  }>(
    database.db,
    sql`select series_hash, to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as bucket, count::int as count,
               sum, min, max, sorted_values::text as sorted_values
        from metric_rollups_hourly where tenant_id = ${tenantId}::uuid order by bucket_start, series_hash`,
  );
}

describe("metrics.rollup-hourly", () => {
  it("rolls up the marked hours per series, clears the markers, and a second run does nothing", async () => {
    const tenantId = await createTestTenant(database);
    await writePoints(tenantId, [
      { series: "s1", value: 3, at: "2026-03-05T10:05:00Z" },
      { series: "s1", value: 1, at: "2026-03-05T10:55:00Z" },
      { series: "s2", value: 7.5, at: "2026-03-05T10:30:00Z" },
      { series: "s1", value: 2, at: "2026-03-05T11:00:00Z" },
    ]);
    await rollupMetricsHourly(database.db, { tenantId, wait: true });
    const expected = [
      {
        series_hash: "s1",
        bucket: "2026-03-05 10:00",
        count: 2,
        sum: 4,
        min: 1,
        max: 3,
        sorted_values: "{1,3}",
      },
      {
        series_hash: "s2",
        bucket: "2026-03-05 10:00",
        count: 1,
        sum: 7.5,
        min: 7.5,
        max: 7.5,
        sorted_values: "{7.5}",
      },
      {
        series_hash: "s1",
        bucket: "2026-03-05 11:00",
        count: 1,
        sum: 2,
        min: 2,
        max: 2,
        sorted_values: "{2}",
      },
    ];
    expect(await rollups(tenantId)).toEqual(expected);
    expect(await rollupMetricsHourly(database.db, { tenantId, wait: true })).toEqual({
      hours: 0,
      rows: 0,
      ran: true,
    });
    expect(await rollups(tenantId)).toEqual(expected);

    // A late point re-marks its hour; the next run recomputes that hour only.
    await writePoints(tenantId, [{ series: "s2", value: 0.5, at: "2026-03-05T10:45:00Z" }]);
    await rollupMetricsHourly(database.db, { tenantId, wait: true });
    expect((await rollups(tenantId))[1]).toMatchObject({
      series_hash: "s2",
      count: 2,
      sum: 8,
      min: 0.5,
      sorted_values: "{0.5,7.5}",
    });
  });

  it("leaves the current hour marked until it is over, and rolls up the hour before", async () => {
    const tenantId = await createTestTenant(database);
    // A fixed clock: the run cannot straddle an hour boundary, so the assertion always runs.
    const now = new Date("2026-03-07T10:30:00Z");
    await writePoints(tenantId, [
      { series: "s1", value: 1, at: "2026-03-07T09:59:59Z" },
      { series: "s1", value: 2, at: "2026-03-07T10:00:00Z" },
    ]);
    await rollupMetricsHourly(database.db, { tenantId, wait: true, now });
    const marked = await queryRows<{ hour: string }>(
      database.db,
      sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as hour
          from metric_rollup_dirty_hours where tenant_id = ${tenantId}::uuid`,
    );
    expect(marked.map((m) => m.hour)).toEqual(["2026-03-07 10:00"]);
    expect((await rollups(tenantId)).map((r) => [r.bucket, r.count])).toEqual([
      ["2026-03-07 09:00", 1],
    ]);
  });

  it("runs through the queue", async () => {
    const tenantId = await createTestTenant(database);
    await writePoints(tenantId, [{ series: "s9", value: 4, at: "2026-03-06T01:00:00Z" }]);
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "test-rollup-hourly",
      jobs: [{ ...rollupJob, runOnStart: false }],
    });
    try {
      // One run: this database is the file's own, so no other run holds the job's lock.
      expect(await runQueuedJob(worker.boss, rollupJob.queue)).toBe("completed");
      const rolled = (await rollups(tenantId)).map((r) => [r.series_hash, r.count]);
      expect(rolled).toEqual([["s9", 1]]);
    } finally {
      await worker.stop();
    }
  });
});
