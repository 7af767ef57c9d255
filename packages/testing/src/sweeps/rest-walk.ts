// The sweeps' view of the REST routes: a procedure input written as the REST request an integrator
// would send for it (path segments, query string, JSON body, Idempotency-Key), so the BOLA, role and
// fuzz sweeps can drive /api/v1 with the same inputs they give /api/trpc. Tests only.
import { REST_BASE_PATH, restRoutes, type RestRoute } from "@frontdesk/api";

export interface RestRequest {
  method: string;
  /** Path and query under the server's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function restRoutesFor(procedure: string): RestRoute[] {
  return restRoutes().filter((r) => r.procedure === procedure);
}

function text(value: unknown): string {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  return typeof value === "object" && value !== null ? json(value) : String(value);
}

/** A path segment; a string that cannot be percent-encoded (a lone surrogate) becomes the fallback. */
function segment(value: string, fallback: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(fallback);
  }
}

/** Plain JSON; bigints (which JSON cannot carry) become strings, Dates ISO strings. */
function json(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ??
    "null"
  );
}

/**
 * The request for `input` (an object of the procedure's fields; anything else is sent as the body
 * or ignored for GET). Path parameters missing from the input get `fallback` (a valid-looking id).
 */
export function restRequestFor(
  route: RestRoute,
  input: unknown,
  apiKey: string,
  fallback = "00000000-0000-4000-8000-000000000000",
): RestRequest {
  const fields: Record<string, unknown> =
    input && typeof input === "object" && !Array.isArray(input)
      ? { ...(input as Record<string, unknown>) }
      : {};
  let path = route.path;
  for (const name of route.pathParams) {
    const value = Object.hasOwn(fields, name) ? text(fields[name]) : fallback;
    delete fields[name];
    path = path.replace(`{${name}}`, segment(value === "" ? fallback : value, fallback));
  }
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (route.idempotent && fields.idempotencyKey !== undefined) {
    // fetch refuses header values with control characters or outer spaces: send those percent-encoded.
    const key = text(fields.idempotencyKey);
    headers["idempotency-key"] = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(key)
      ? key
      : segment(key, "x");
  }
  delete fields.idempotencyKey;
  const query = new URLSearchParams();
  if (route.method === "GET" || route.method === "DELETE") {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) query.append(key, text(item));
      else if (value && typeof value === "object" && !(value instanceof Date)) {
        for (const [k, v] of Object.entries(value)) query.append(`${key}[${k}]`, text(v));
      } else query.append(key, text(value));
    }
    const search = query.toString();
    return {
      method: route.method,
      url: `${REST_BASE_PATH}${path}${search ? `?${search}` : ""}`,
      headers,
    };
  }
  headers["content-type"] = "application/json";
  const body =
    input && typeof input === "object" && !Array.isArray(input) ? json(fields) : json(input);
  return { method: route.method, url: `${REST_BASE_PATH}${path}`, headers, body };
}
