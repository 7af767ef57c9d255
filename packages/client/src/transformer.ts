// The SDK's transformer: superjson, with a faster reader for what responses are made of.
// superjson.deserialize deep-copies the whole response (copy-anything) and re-parses every annotation
// path before reviving it — about 0.3 ms for a 50-row page, as long as a localhost round trip. A
// response whose only annotations are Dates and undefined at plain paths (every list and get) is
// revived in place here; anything else (Maps, Sets, BigInts, shared references, escaped keys, …)
// goes to superjson unchanged, so the result is always what superjson would have returned.
import superjson from "superjson";

type SuperJSONResult = Parameters<typeof superjson.deserialize>[0];
/** One annotated leaf: the container holding it, its key, and the Date string (null: undefined). */
type Revival = { parent: Record<string, unknown> | unknown[]; key: string; date: string | null };

// superjson refuses these path segments (prototype pollution): let it throw its own error.
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/** Where each annotation applies, or null when one needs superjson proper. Nothing is changed yet. */
function plan(json: unknown, values: unknown): Revival[] | null {
  if (!isContainer(values) || Array.isArray(values)) return null;
  const revivals: Revival[] = [];
  for (const path of Object.keys(values)) {
    const annotation = values[path];
    if (!Array.isArray(annotation) || annotation.length !== 1) return null;
    const type: unknown = annotation[0];
    if (type !== "Date" && type !== "undefined") return null;
    // Escaped dots or backslashes in keys: superjson's path parser handles those.
    if (path.includes("\\")) return null;
    const segments = path.split(".");
    let parent: unknown = json;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i] ?? "";
      if (!isContainer(parent) || FORBIDDEN_SEGMENTS.has(segment)) return null;
      parent = Array.isArray(parent) ? parent[Number(segment)] : parent[segment];
    }
    const key = segments[segments.length - 1] ?? "";
    if (!isContainer(parent) || FORBIDDEN_SEGMENTS.has(key)) return null;
    const leaf = Array.isArray(parent) ? parent[Number(key)] : parent[key];
    if (type === "Date") {
      if (typeof leaf !== "string") return null;
      revivals.push({ parent, key, date: leaf });
    } else {
      revivals.push({ parent, key, date: null });
    }
  }
  return revivals;
}

/**
 * superjson.deserialize for a payload fresh from JSON.parse (as tRPC hands it over): revives Dates
 * and undefined in place instead of copying first. Never use it on a payload someone else keeps.
 */
export function deserialize(payload: SuperJSONResult): unknown {
  const { json, meta } = payload;
  if (!meta) return json;
  const revivals = meta.v === 1 && !meta.referentialEqualities ? plan(json, meta.values) : null;
  if (!revivals) return superjson.deserialize(payload);
  for (const { parent, key, date } of revivals) {
    const value = date === null ? undefined : new Date(date);
    if (Array.isArray(parent)) parent[Number(key)] = value;
    else parent[key] = value;
  }
  return json;
}

/** tRPC's transformer for the SDK: superjson on the wire both ways. */
export const transformer = {
  serialize: (value: unknown): SuperJSONResult => superjson.serialize(value),
  deserialize,
};
