// Time buckets in a tenant's zone, as SQL: where the bucket holding an instant starts, as an instant.
import { sql, type SQL } from "drizzle-orm";

export type LocalBucket = "minute" | "hour" | "day" | "week" | "month";

/**
 * The start of the `bucket` (in zone `timeZone`) that holds `instant` — both SQL expressions.
 *
 * A minute or hour bucket starts where the instant's wall-clock minute or hour started: the wall
 * time elapsed since then, subtracted from the instant. Converting the truncated wall time back
 * instead would be ambiguous in the repeated hour of a DST fall-back (PostgreSQL picks the later
 * instant, merging two hours into one bucket): this way that day has 25 hourly buckets, each with
 * its true start. Day, week (Monday) and month buckets start at local midnight.
 */
export function bucketStartSql(bucket: LocalBucket, instant: SQL, timeZone: SQL): SQL {
  const b = sql`${bucket}::text`;
  const local = sql`((${instant}) at time zone ${timeZone})`;
  return bucket === "minute" || bucket === "hour"
    ? sql`((${instant}) - (${local} - date_trunc(${b}, ${local})))`
    : sql`(date_trunc(${b}, ${local}) at time zone ${timeZone})`;
}
