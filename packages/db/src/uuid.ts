// One definition of "looks like a UUID" for every layer: ids from headers, cursors, webhook metadata,
// job payloads and URLs are checked with it before they reach a `::uuid` cast (a malformed one would
// be a database error instead of a clear refusal).
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its canonical 8-4-4-4-12 hexadecimal form (any version, any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
