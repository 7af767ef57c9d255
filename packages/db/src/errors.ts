// Recognising PostgreSQL errors by SQLSTATE, whichever driver raised them (postgres.js or PGlite),
// so callers can map them (23505/23P01 → CONFLICT) without ever showing the server's text.
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_EXCLUSION_VIOLATION = "23P01";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
export const PG_CHECK_VIOLATION = "23514";
export const PG_SERIALIZATION_FAILURE = "40001";
export const PG_DEADLOCK_DETECTED = "40P01";
export const PG_INSUFFICIENT_PRIVILEGE = "42501";

/** The SQLSTATE of a database error, looking through drizzle's wrapping (`cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint a violation names (postgres.js: constraint_name, PGlite: constraint). */
export function pgConstraintName(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const c = current as { constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof c.constraint_name === "string") return c.constraint_name;
    if (typeof c.constraint === "string") return c.constraint;
    current = c.cause;
  }
  return undefined;
}
