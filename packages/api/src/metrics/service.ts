// Writing metric points and listing metric names. A batch costs a fixed number of statements
// whatever its size: the points go in with ONE multi-row insert (json_to_recordset of one parameter).
//
// Per batch, in the request's transaction:
//   1. the tenant's retention (the `at` window) — and the plan quota (recordUsage)
//   2. PHI gate per distinct tag value
//   3. upsert metric_definitions (locks each metric's row: writers of one metric serialise here, which
//      is what makes the series cap exact under concurrency); kind/unit conflicts → BAD_REQUEST
//   4. upsert metric_series, add the new ones to series_count; past the cap → BAD_REQUEST
//   5. make sure the monthly partitions exist (the function runs once per distinct month)
//   6. insert the points (one statement)
//   7. mark the touched hours dirty for the rollups (rollup.ts)
// Any error rolls the whole transaction back: nothing of a rejected batch is stored.
import { sql } from "drizzle-orm";
import { queryRows, seriesHash, type Db, type MetricKind } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { encodeCursor, parseCursor } from "../pagination";
import { gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { markHoursDirty } from "./rollup";
import {
  MAX_METRIC_NAME_LENGTH,
  type ListMetricNamesInput,
  type MetricNameItem,
  type MetricPointInput,
  type RecordMetricBatchInput,
  type RecordMetricInput,
} from "./schemas";

/** Distinct series (tag sets) a metric may have per tenant. */
export const DEFAULT_MAX_SERIES_PER_METRIC = 2_000;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NAME = /^[a-z0-9_.:-]+$/;

export interface RecordOptions {
  /** The series cardinality cap (tests lower it). */
  maxSeriesPerMetric?: number;
  now?: Date;
}

/** Trimmed, lower-cased, `[a-z0-9_.:-]`, 1..200 characters; `where` names the input in the error. */
export function normalizeMetricName(raw: string, where: string): string {
  const name = raw.trim().toLowerCase();
  if (name.length === 0)
    throw new AppError("BAD_REQUEST", `${where}: a metric name cannot be empty`);
  if (name.length > MAX_METRIC_NAME_LENGTH) {
    throw new AppError(
      "BAD_REQUEST",
      `${where}: a metric name is at most ${MAX_METRIC_NAME_LENGTH} characters`,
    );
  }
  if (!NAME.test(name)) {
    throw new AppError(
      "BAD_REQUEST",
      `${where}: a metric name may only contain a-z, 0-9, _ . : - (it is trimmed and lower-cased first)`,
    );
  }
  return name;
}

export async function tenantMetricSettings(
  db: Db,
  tenantId: string,
): Promise<{ timeZone: string; retentionDays: number }> {
  const [row] = await queryRows<{ time_zone: string; metrics_retention_days: number }>(
    db,
    sql`select time_zone, metrics_retention_days from tenants where id = ${tenantId}::uuid`,
  );
  if (!row) throw new AppError("NOT_FOUND", "Tenant not found");
  return { timeZone: row.time_zone, retentionDays: Number(row.metrics_retention_days) };
}

interface Definition {
  kind: MetricKind;
  unit: string | null;
}

/** One series of the batch: a metric and a tag set (as stored, after the gate). */
interface Series {
  index: number;
  name: string;
  hash: string;
  tags: Record<string, string>;
  lastSeen: number;
}

/** A tag set as sent: its gated tags, their hash, and its series per metric name. */
interface TagSet {
  hash: string;
  tags: Record<string, string>;
  byName: Map<string, Series>;
}

/** The tag sets whose pairs, in order, begin with the path to this node; `tagSet` ends there. */
interface TagSetNode {
  tagSet?: TagSet;
  next?: Map<string, Map<string, TagSetNode>>;
}

export async function recordMetric(
  db: Db,
  actor: Actor,
  input: RecordMetricInput,
  options: RecordOptions = {},
): Promise<{ accepted: 1 }> {
  await write(db, actor, [input], false, options);
  return { accepted: 1 };
}

export async function recordMetricBatch(
  db: Db,
  actor: Actor,
  input: RecordMetricBatchInput,
  options: RecordOptions = {},
): Promise<{ accepted: number }> {
  return { accepted: await write(db, actor, input.points, true, options) };
}

async function write(
  db: Db,
  actor: Actor,
  points: readonly MetricPointInput[],
  batch: boolean,
  options: RecordOptions,
): Promise<number> {
  const now = options.now ?? new Date();
  const cap = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES_PER_METRIC;
  const tenantId = actor.tenantId;
  const { retentionDays } = await tenantMetricSettings(db, tenantId);
  const earliest = now.getTime() - retentionDays * DAY_MS;
  const latest = now.getTime() + DAY_MS;

  // 1. Validate everything before touching the database. One pass over the points that keeps only
  // what later steps need (parallel arrays, no per-point objects or strings): per-point copies
  // cost a 10,000-point batch tens of milliseconds before its first statement. A distinct raw name
  // is normalised once, and the text of an error (`points[i]`) is only built when there is one.
  const where = (i: number) => (batch ? `points[${i}]` : "the point");
  const count = points.length;
  const nameOf: string[] = new Array<string>(count);
  const timeOf: number[] = new Array<number>(count);
  const normalized = new Map<string, string>();
  // Distinct texts in first-seen order (the order the gate sees them in).
  const rawNames = new Set<string>();
  const rawUnits = new Set<string>();
  const rawTagKeys = new Set<string>();
  const rawTagValues = new Set<string>();
  for (let i = 0; i < count; i++) {
    const p = points[i] as MetricPointInput;
    let name = normalized.get(p.name);
    if (name === undefined) {
      name = normalizeMetricName(p.name, `${where(i)}.name`);
      normalized.set(p.name, name);
    }
    const t = (p.at ?? now).getTime();
    if (Number.isNaN(t)) throw new AppError("BAD_REQUEST", `${where(i)}.at is not a valid time`);
    if (t < earliest) {
      throw new AppError(
        "BAD_REQUEST",
        `${where(i)}.at is older than this tenant's metrics retention of ${retentionDays} days`,
      );
    }
    if (t > latest)
      throw new AppError("BAD_REQUEST", `${where(i)}.at is more than one day in the future`);
    nameOf[i] = name;
    timeOf[i] = t;
    rawNames.add(name);
    if (p.unit !== undefined) rawUnits.add(p.unit);
    if (p.tags) {
      for (const key of Object.keys(p.tags)) {
        rawTagKeys.add(key);
        rawTagValues.add(p.tags[key] as string);
      }
    }
  }
  await recordUsage(db, tenantId, "metric_points", count, now);

  // 2. Names, units, tag keys and tag values are all the client's text: each distinct one passes the
  // PHI gate once (a masked name is a metric of its own; two keys masked alike keep the last value).
  // All names first, then units, tag keys, tag values, each in first-seen order.
  const gateEach = async (
    table: string,
    field: string,
    texts: Set<string>,
  ): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    for (const text of texts) out.set(text, await gateText(db, actor, { table, field }, text));
    return out;
  };
  const names = await gateEach("metric_definitions", "name", rawNames);
  const units = await gateEach("metric_definitions", "unit", rawUnits);
  const tagKeys = await gateEach("analytics_metrics", "tag_keys", rawTagKeys);
  const gated = await gateEach("analytics_metrics", "tags", rawTagValues);

  // Per metric: the kind and unit the batch asks for (all its points must agree) and its last time.
  // Per series (metric + tag set): an index the points refer to, so tags travel once per series.
  const requested = new Map<
    string,
    { kind: MetricKind | undefined; unit: string | undefined; lastSeen: number }
  >();
  const series = new Map<string, Series>();
  // A tag set as sent → its gated tags, hash, and its series per metric name. Tag sets are told
  // apart by their (key, value) pairs in order — what their JSON would say — through a trie of the
  // texts the points already hold: no key string is built per point (a JSON.stringify per point
  // was a third of this loop).
  const tagSets: TagSetNode = {};
  const values: number[] = new Array<number>(count);
  const seriesOf: number[] = new Array<number>(count);
  // Per metric, the distinct UTC hours (epoch hour numbers) it has points in.
  const hoursOf = new Map<string, Set<number>>();
  for (let i = 0; i < count; i++) {
    const p = points[i] as MetricPointInput;
    const rawName = nameOf[i] as string;
    const name = names.get(rawName) ?? rawName;
    const unit = p.unit === undefined ? undefined : (units.get(p.unit) ?? p.unit);
    const t = timeOf[i] as number;
    // The hash is computed once per distinct tag set (points of one producer share key order).
    const rawTags = p.tags ?? {};
    let node = tagSets;
    for (const k of Object.keys(rawTags)) {
      const v = rawTags[k] as string;
      node.next ??= new Map();
      let byValue = node.next.get(k);
      if (!byValue) node.next.set(k, (byValue = new Map<string, TagSetNode>()));
      let child = byValue.get(v);
      if (!child) byValue.set(v, (child = {}));
      node = child;
    }
    let tagged = node.tagSet;
    if (!tagged) {
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(rawTags)) tags[tagKeys.get(k) ?? k] = gated.get(v) ?? v;
      tagged = { hash: seriesHash(tags), tags, byName: new Map() };
      node.tagSet = tagged;
    }

    const def = requested.get(name);
    if (!def) requested.set(name, { kind: p.kind, unit, lastSeen: t });
    else {
      if (p.kind !== undefined && def.kind !== undefined && p.kind !== def.kind) {
        throw new AppError(
          "BAD_REQUEST",
          `${where(i)}.kind: metric ${name} is sent as both ${def.kind} and ${p.kind} in this batch`,
        );
      }
      if (unit !== undefined && def.unit !== undefined && unit !== def.unit) {
        throw new AppError(
          "BAD_REQUEST",
          `${where(i)}.unit: metric ${name} is sent with units ${def.unit} and ${unit} in this batch`,
        );
      }
      def.kind ??= p.kind;
      def.unit ??= unit;
      if (t > def.lastSeen) def.lastSeen = t;
    }
    // Two raw tag sets may gate to the same tags (same hash): one series, as the key says.
    let s = tagged.byName.get(name);
    if (!s) {
      const seriesKey = `${name}\u0000${tagged.hash}`;
      s = series.get(seriesKey);
      if (!s) {
        s = { index: series.size, name, hash: tagged.hash, tags: tagged.tags, lastSeen: t };
        series.set(seriesKey, s);
      }
      tagged.byName.set(name, s);
    }
    if (t > s.lastSeen) s.lastSeen = t;

    values[i] = p.value;
    seriesOf[i] = s.index;
    const hour = Math.floor(t / HOUR_MS);
    let hourSet = hoursOf.get(name);
    if (!hourSet) hoursOf.set(name, (hourSet = new Set()));
    hourSet.add(hour);
  }
  const hours: { name: string; hour: string }[] = [];
  const months = new Set<string>();
  for (const [name, set] of hoursOf) {
    for (const h of set) {
      const hour = new Date(h * HOUR_MS).toISOString();
      hours.push({ name, hour });
      months.add(`${hour.slice(0, 7)}-01`);
    }
  }

  // 3. Definitions: create or touch, in name order (a fixed lock order between concurrent batches).
  const defInput = [...requested.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, d]) => ({
      name,
      kind: d.kind ?? null,
      unit: d.unit ?? null,
      last_seen: new Date(d.lastSeen).toISOString(),
    }));
  const definitions = await queryRows<{ name: string; kind: MetricKind; unit: string | null }>(
    db,
    sql`insert into metric_definitions as d (tenant_id, name, kind, unit, last_seen_at)
        select ${tenantId}::uuid, x.name, coalesce(x.kind, 'gauge'), x.unit, x.last_seen
        from json_to_recordset(${JSON.stringify(defInput)}::json) as x(name text, kind text, unit text, last_seen timestamptz)
        order by x.name
        on conflict (tenant_id, name) do update
          set last_seen_at = greatest(d.last_seen_at, excluded.last_seen_at), unit = coalesce(d.unit, excluded.unit)
        returning d.name, d.kind, d.unit`,
  );
  const resolved = new Map<string, Definition>();
  for (const d of definitions) resolved.set(d.name, { kind: d.kind, unit: d.unit });
  for (const [name, want] of requested) {
    const have = resolved.get(name);
    if (!have) throw new Error(`metric definition ${name} was not returned`);
    if (want.kind !== undefined && want.kind !== have.kind) {
      throw new AppError(
        "BAD_REQUEST",
        `Metric ${name} is a ${have.kind}; it cannot be recorded as a ${want.kind}`,
      );
    }
    if (want.unit !== undefined && want.unit !== have.unit) {
      throw new AppError(
        "BAD_REQUEST",
        `Metric ${name} is measured in ${have.unit ?? "no unit"}; it cannot be recorded in ${want.unit}`,
      );
    }
  }

  // 4. Series: new ones count against the cap (the definition rows are locked by step 3).
  const seriesInput = [...series.values()]
    .sort((a, b) => (a.name === b.name ? (a.hash < b.hash ? -1 : 1) : a.name < b.name ? -1 : 1))
    .map((s) => ({
      name: s.name,
      series_hash: s.hash,
      tags: s.tags,
      last_seen: new Date(s.lastSeen).toISOString(),
    }));
  const counts = await queryRows<{ name: string; series_count: number }>(
    db,
    sql`with input as (
          select * from json_to_recordset(${JSON.stringify(seriesInput)}::json)
            as x(name text, series_hash text, tags jsonb, last_seen timestamptz)
        ), upserted as (
          insert into metric_series as s (tenant_id, name, series_hash, tags, last_seen_at)
          select ${tenantId}::uuid, name, series_hash, tags, last_seen from input order by name, series_hash
          on conflict (tenant_id, name, series_hash) do update set last_seen_at = excluded.last_seen_at
            where s.last_seen_at < excluded.last_seen_at
          returning s.name, (s.xmax = 0) as inserted
        ), added as (
          select name, count(*)::int as n from upserted where inserted group by name
        )
        update metric_definitions d set series_count = d.series_count + a.n
        from added a
        where d.tenant_id = ${tenantId}::uuid and d.name = a.name
        returning d.name, d.series_count`,
  );
  for (const c of counts) {
    if (Number(c.series_count) > cap) {
      throw new AppError(
        "BAD_REQUEST",
        `metric ${c.name} has reached its limit of ${cap} series; drop high-cardinality tags`,
      );
    }
  }

  // 5. Partitions: one call per distinct month (a no-op lookup when the partition exists).
  await db.execute(
    sql`select frontdesk_ensure_metric_partitions(m::date, 1)
        from json_array_elements_text(${JSON.stringify([...months].sort())}::json) as m`,
  );

  // 6. The points: one statement. Values, times and series indexes as three array parameters
  //    (PostgreSQL array literals: cheap to build and to parse); each series' name, kind, unit, tags
  //    and hash once, as JSON. Times travel as epoch milliseconds, not ISO text: formatting 10,000
  //    ISO strings here and parsing them as timestamptz there cost ~5 ms on each side, and
  //    `epoch + ms * 1 ms` is exact (whole numbers far below 2^53 microseconds).
  const seriesRows = [...series.values()].map((s) => {
    const def = resolved.get(s.name);
    return {
      i: s.index,
      n: s.name,
      k: def?.kind ?? "gauge",
      u: def?.unit ?? null,
      t: s.tags,
      h: s.hash,
    };
  });
  await db.execute(
    sql`insert into analytics_metrics (tenant_id, name, kind, unit, value, tags, series_hash, recorded_at)
        select ${tenantId}::uuid, s.n, s.k, s.u, p.v, s.t, s.h, timestamptz 'epoch' + p.ms * interval '1 millisecond'
        from unnest(${pgArray(values)}::float8[], ${pgArray(timeOf)}::float8[], ${pgArray(seriesOf)}::int[]) as p(v, ms, i)
        join json_to_recordset(${JSON.stringify(seriesRows)}::json) as s(i int, n text, k text, u text, t jsonb, h text) on s.i = p.i`,
  );

  // 7. The rollups of these hours are stale until the worker recomputes them.
  await markHoursDirty(db, tenantId, hours);
  return count;
}

/**
 * A PostgreSQL array literal of finite numbers: JSON writes each as String() does (the text
 * float8 reads back exactly), about twice as fast as join(",") on 10,000 of them.
 */
function pgArray(numbers: number[]): string {
  const json = JSON.stringify(numbers);
  return `{${json.slice(1, -1)}}`;
}

export async function listMetricNames(
  db: Db,
  actor: Actor,
  input: ListMetricNamesInput,
): Promise<{ items: MetricNameItem[]; nextCursor: string | null }> {
  const prefix = input.prefix?.trim().toLowerCase() ?? "";
  const after = input.cursor ? parseCursor(input.cursor).value : null;
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await queryRows<{
    name: string;
    kind: MetricKind;
    unit: string | null;
    series_count: number;
    last_seen_ms: number;
  }>(
    db,
    sql`select name, kind, unit, series_count, (extract(epoch from last_seen_at) * 1000)::float8 as last_seen_ms
        from metric_definitions
        where tenant_id = ${actor.tenantId}::uuid
          ${prefix ? sql`and name like ${`${escaped}%`}` : sql``}
          ${after === null ? sql`` : sql`and name > ${after}`}
        order by name
        limit ${input.limit + 1}`,
  );
  const items = rows.slice(0, input.limit).map((r) => ({
    name: r.name,
    kind: r.kind,
    unit: r.unit,
    seriesCount: Number(r.series_count),
    lastSeenAt: new Date(Number(r.last_seen_ms)),
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ value: last.name, id: last.name }) : null,
  };
}
