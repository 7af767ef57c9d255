// The router's output serializer: byte-for-byte superjson's wire format, without superjson's cost on
// what responses are made of. superjson.serialize walks every value through its rule tables (class,
// symbol and custom registries, ten type tests) and spent ~0.8 ms on one 50-booking page — twice the
// database query behind it. Rows are plain objects, arrays, strings, numbers, booleans, null,
// undefined and Dates: this walks exactly those and hands anything else (Map, Set, BigInt, class
// instances, NaN, -0, invalid Dates, shared or circular references, prototype-polluting keys) to
// superjson unchanged, so the output is always what superjson would have produced.
//
// The reader is the same idea the other way: superjson.deserialize deep-copies the whole payload
// (copy-anything) and re-parses every annotation path before reviving it — about 0.3 ms for a
// 50-row page, and a tenth of a second for a 10,000-point metrics batch. A payload whose only
// annotations are Dates and undefined at plain paths is revived in place; anything else (Maps,
// Sets, BigInts, shared references, escaped keys, …) goes to superjson unchanged, so the result is
// always what superjson would have returned. The API and the SDK both use it (`@frontdesk/wire`).
import superjson from "superjson";

type SuperJSONResult = ReturnType<typeof superjson.serialize>;
type LeafAnnotation = ["Date"] | ["undefined"];

/** Thrown inside the walk when a value needs superjson proper; never escapes this module. */
const UNSUPPORTED = new Error("value needs superjson");

// superjson refuses these keys (prototype pollution): let it throw its own error.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype && value !== Object.prototype) || proto === null;
}

// superjson's escapeKey: a dot or backslash inside a key must not read as a path separator.
function escapeKey(key: string): string {
  return key.includes(".") || key.includes("\\")
    ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.")
    : key;
}

function isDenseArray(value: unknown[]): boolean {
  // Object.keys lists indices first, in order, then any other own keys: a dense array with no
  // extra properties has exactly `length` keys ending with the last index.
  const keys = Object.keys(value);
  return (
    keys.length === value.length &&
    (keys.length === 0 || keys[keys.length - 1] === String(keys.length - 1))
  );
}

type Annotations = Record<string, LeafAnnotation>;

/**
 * The JSON of one member, recording its annotations in `into` under `key` exactly as superjson's
 * walker merges them (level by level, dotted escaped keys), so even their order comes out the same:
 * JS objects list integer-like keys first, and superjson's output inherits that.
 */
function member(
  value: unknown,
  key: string,
  into: { annotations?: Annotations },
  seen: Set<object>,
): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // superjson annotates NaN, ±Infinity and -0.
      if (!Number.isFinite(value) || Object.is(value, -0)) throw UNSUPPORTED;
      return value;
    case "undefined":
      (into.annotations ??= {})[escapeKey(key)] = ["undefined"];
      return null;
    case "object": {
      if (value === null) return null;
      // superjson records every object seen twice (shared or circular) as a referential equality.
      if (seen.has(value)) throw UNSUPPORTED;
      seen.add(value);
      if (value instanceof Date) {
        if (Object.getPrototypeOf(value) !== Date.prototype || Number.isNaN(value.getTime()))
          throw UNSUPPORTED;
        (into.annotations ??= {})[escapeKey(key)] = ["Date"];
        return value.toISOString();
      }
      const inner: { annotations?: Annotations } = {};
      const json = container(value, inner, seen);
      if (inner.annotations) {
        const target = (into.annotations ??= {});
        const prefix = `${escapeKey(key)}.`;
        for (const path in inner.annotations) {
          const annotation = inner.annotations[path];
          if (annotation) target[prefix + path] = annotation;
        }
      }
      return json;
    }
    default:
      // bigint, symbol, function.
      throw UNSUPPORTED;
  }
}

/** An array or plain object's JSON; its members' annotations go to `into.annotations`. */
function container(value: object, into: { annotations?: Annotations }, seen: Set<object>): unknown {
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || !isDenseArray(value)) throw UNSUPPORTED;
    const json: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) json[i] = member(value[i], String(i), into, seen);
    return json;
  }
  if (!isPlainObject(value)) throw UNSUPPORTED;
  const json: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw UNSUPPORTED;
    json[key] = member(value[key], key, into, seen);
  }
  return json;
}

/** superjson.serialize, faster for plain data; identical output for every input. */
export function serialize(value: unknown): SuperJSONResult {
  // A root that is not a container is annotated with the bare type (`values: ["Date"]`): rare in
  // responses, so superjson handles it, except the JSON scalars that need no annotation.
  if (value === null || typeof value === "string" || typeof value === "boolean")
    return { json: value };
  if (typeof value !== "object" || value instanceof Date) return superjson.serialize(value);
  const root: { annotations?: Annotations } = {};
  let json: unknown;
  try {
    // The root object counts for referential equality too (an object containing itself).
    json = container(value, root, new Set([value]));
  } catch (error) {
    if (error === UNSUPPORTED) return superjson.serialize(value);
    throw error;
  }
  const values = root.annotations;
  return values
    ? { json: json as SuperJSONResult["json"], meta: { values, v: 1 } }
    : { json: json as SuperJSONResult["json"] };
}

/** One annotated leaf: the container holding it, its key, and the Date string (null: undefined). */
type Revival = { parent: Record<string, unknown> | unknown[]; key: string; date: string | null };

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
      if (!isContainer(parent) || FORBIDDEN_KEYS.has(segment)) return null;
      parent = Array.isArray(parent) ? parent[Number(segment)] : parent[segment];
    }
    const key = segments[segments.length - 1] ?? "";
    if (!isContainer(parent) || FORBIDDEN_KEYS.has(key)) return null;
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
 * superjson.deserialize for a payload fresh from JSON.parse (as tRPC hands it over, on the server
 * for inputs and in the SDK for responses): revives Dates and undefined in place instead of copying
 * first. Never use it on a payload someone else keeps.
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

/** The router's transformer (and the SDK's): superjson's wire format, read and written fast. */
export const transformer = { serialize, deserialize };
