// The metrics explorer's table rows (one per bucket, or per bucket and group), the chart data pivoted
// from the same rows, and the CSV export of exactly those rows. Pure, so the export is unit-tested.
import type { MetricAggregation, MetricsQueryOutput } from "./metrics-view";

export interface MetricRow {
  bucket: Date;
  /** The group-by tag's value; null when not grouped, or for points without the tag. */
  group: string | null;
  values: Partial<Record<MetricAggregation, number>>;
}

/** Rows in time order; within a bucket, groups by name with the untagged group last. */
export function metricRows(
  output: MetricsQueryOutput,
  aggregations: readonly MetricAggregation[],
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const series of output.series) {
    for (const point of series.points) {
      const values: Partial<Record<MetricAggregation, number>> = {};
      for (const a of aggregations) {
        const v = point[a];
        if (typeof v === "number" && Number.isFinite(v)) values[a] = v;
      }
      rows.push({ bucket: point.bucket, group: series.group, values });
    }
  }
  return rows.sort(
    (a, b) => a.bucket.getTime() - b.bucket.getTime() || compareGroups(a.group, b.group),
  );
}

function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export interface ChartLine {
  key: string;
  label: string;
}

export interface ChartData {
  lines: ChartLine[];
  data: Record<string, string | number | null>[];
}

/**
 * One line per aggregation, or per group (× aggregation, when several are chosen) when grouped. Line
 * keys are synthetic (`s0`, `s1`…): Recharts reads dots in a data key as a path, and tag values may hold dots.
 */
export function metricChartData(
  rows: readonly MetricRow[],
  aggregations: readonly MetricAggregation[],
  options: {
    grouped: boolean;
    groupLabel: (group: string | null) => string;
    aggregationLabel: (a: MetricAggregation) => string;
    bucketLabel: (bucket: Date) => string;
  },
): ChartData {
  const lines: ChartLine[] = [];
  const lineKey = new Map<string, string>();
  const keyFor = (group: string | null, aggregation: MetricAggregation): string => {
    const id = JSON.stringify([group, aggregation]);
    let key = lineKey.get(id);
    if (key === undefined) {
      key = `s${lines.length}`;
      lineKey.set(id, key);
      const label = !options.grouped
        ? options.aggregationLabel(aggregation)
        : aggregations.length === 1
          ? options.groupLabel(group)
          : `${options.groupLabel(group)} · ${options.aggregationLabel(aggregation)}`;
      lines.push({ key, label });
    }
    return key;
  };
  if (!options.grouped) for (const a of aggregations) keyFor(null, a);
  const groups = options.grouped ? [...new Set(rows.map((r) => r.group))].sort(compareGroups) : [];
  for (const g of groups) for (const a of aggregations) keyFor(g, a);

  const byBucket = new Map<number, Record<string, string | number | null>>();
  for (const row of rows) {
    const t = row.bucket.getTime();
    let datum = byBucket.get(t);
    if (!datum) {
      datum = { bucket: options.bucketLabel(row.bucket) };
      byBucket.set(t, datum);
    }
    for (const a of aggregations)
      datum[keyFor(options.grouped ? row.group : null, a)] = row.values[a] ?? null;
  }
  return { lines, data: [...byBucket.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d) };
}

// ---- CSV ----

/**
 * Text a spreadsheet would run as a formula: `= + - @` (or their full-width forms) first — also
 * after leading whitespace, which spreadsheets skip (space, no-break space, line feed, tab, …) —
 * or a leading tab or CR.
 */
const FORMULA_START = /^(?:[\s\u200b]*[=+\-@\uff0b\uff0d\uff1d\uff20]|[\t\r])/u;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that could start a formula (FORMULA_START) gets a leading `'`; numbers are written as
 * numbers, so negative values keep their sign.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(",");
}

/**
 * The table as CSV: a header row (`bucket`, the group-by tag when grouped, then the aggregations),
 * buckets as ISO instants (UTC), full-precision numbers, empty fields for missing values; CRLF line ends.
 */
export function buildMetricsCsv(
  rows: readonly MetricRow[],
  aggregations: readonly MetricAggregation[],
  groupBy: string | null,
): string {
  const header = ["bucket", ...(groupBy === null ? [] : [groupBy]), ...aggregations];
  const lines = [csvLine(header)];
  for (const row of rows) {
    lines.push(
      csvLine([
        row.bucket.toISOString(),
        ...(groupBy === null ? [] : [row.group]),
        ...aggregations.map((a) => row.values[a]),
      ]),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name safe on every OS: `metric_from_to_bucket.csv`. */
export function csvFileName(
  metric: string,
  fromDate: string,
  toDate: string,
  bucket: string,
): string {
  const safe = metric.replace(/[^\w.-]+/g, "_");
  return `${safe}_${fromDate}_${toDate}_${bucket}.csv`;
}
