// A metric point's series is its name plus its canonical (key-sorted) tag set.
import { createHash } from "node:crypto";

export function canonicalTags(tags: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(tags)
      .sort()
      .map((k) => [k, tags[k]]),
  );
}

/** md5 of the canonical tags: short, stable, the same in SQL (`md5(...)`) and here. */
export function seriesHash(tags: Record<string, string>): string {
  return createHash("md5").update(canonicalTags(tags), "utf8").digest("hex");
}
