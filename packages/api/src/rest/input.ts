// Turning a REST request's strings (path segments, query parameters) and JSON body into the
// procedure's input, guided by the procedure's own zod schema. Only shapes are converted here
// (a query string's "50" to 50, "true" to true, repeated keys to arrays, `filter[key]=value` to a
// record, ISO instants to Dates where a schema takes a Date); every rule is still the schema's,
// applied by the procedure itself. A value that cannot be converted is passed on as it came, so
// the schema rejects it with its own message.
import { z } from "zod";

/** The schema under wrappers that do not change a value's JSON shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let i = 0; i < 16; i++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodCatch
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

const ISO_INSTANT = z.iso.datetime({ offset: true });

function toDate(value: unknown): unknown {
  return typeof value === "string" && ISO_INSTANT.safeParse(value).success
    ? new Date(value)
    : value;
}

/** JSON values where the schema takes a Date (JSON has no dates): ISO strings become Dates. */
export function reviveDates(schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return value;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodDate) return toDate(value);
  if (inner instanceof z.ZodObject && value && typeof value === "object" && !Array.isArray(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, field] of Object.entries(shape)) {
      if (Object.hasOwn(out, key)) out[key] = reviveDates(field, out[key]);
    }
    return out;
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((item) => reviveDates(inner.element as z.ZodType, item));
  }
  return value;
}

function scalar(schema: z.ZodType, raw: string): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodNumber) {
    return /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(raw) ? Number(raw) : raw;
  }
  if (inner instanceof z.ZodBoolean) return raw === "true" ? true : raw === "false" ? false : raw;
  if (inner instanceof z.ZodDate) return toDate(raw);
  return raw;
}

/** Whether the schema (or a branch of its union) takes an array. */
function arrayOf(schema: z.ZodType): z.ZodType | null {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray) return inner.element as z.ZodType;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as z.ZodType[]) {
      const element = arrayOf(option);
      if (element) return element;
    }
  }
  return null;
}

function isRecord(schema: z.ZodType): z.ZodRecord | null {
  const inner = unwrap(schema);
  return inner instanceof z.ZodRecord ? inner : null;
}

export class QueryStringError extends Error {}

const DEEP_KEY = /^(\w+)\[([^\]]*)\]$/;

/**
 * The query string as the input's fields. Arrays are repeated keys (`aggregations=sum&aggregations=p90`;
 * a single one is a one-element array, or the plain value where the schema also takes one),
 * records are `filter[key]=value` (OpenAPI's deepObject style).
 */
export function inputFromQuery(
  params: URLSearchParams,
  allowed: readonly string[],
  fields: Readonly<Record<string, z.ZodType>>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const records: Record<string, Record<string, string>> = {};
  for (const key of new Set(params.keys())) {
    const deep = DEEP_KEY.exec(key);
    if (deep?.[1] && deep[2] !== undefined && allowed.includes(deep[1])) {
      const field = fields[deep[1]];
      if (field && isRecord(field)) {
        (records[deep[1]] ??= {})[deep[2]] = params.get(key) ?? "";
        continue;
      }
    }
    const field = allowed.includes(key) ? fields[key] : undefined;
    if (!field) {
      throw new QueryStringError(
        `Unknown query parameter "${key.slice(0, 64)}"; this route takes ${allowed.length ? allowed.join(", ") : "none"}`,
      );
    }
    const values = params.getAll(key);
    const element = arrayOf(field);
    const inner = unwrap(field);
    if (element && (values.length > 1 || inner instanceof z.ZodArray)) {
      input[key] = values.map((v) => scalar(element, v));
    } else if (values.length > 1) {
      throw new QueryStringError(`Query parameter "${key}" may appear only once`);
    } else {
      input[key] = scalar(field, values[0] ?? "");
    }
  }
  for (const [key, record] of Object.entries(records)) {
    if (key in input)
      throw new QueryStringError(`Query parameter "${key}" takes the form ${key}[name]=value`);
    input[key] = record;
  }
  return input;
}

/** A path segment as the field's value (a number segment becomes a number, like a query value). */
export function inputFromPath(
  params: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, z.ZodType>>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(params)) {
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      throw new QueryStringError(`The path segment for ${name} is not valid percent-encoding`);
    }
    const field = fields[name];
    input[name] = field ? scalar(field, value) : value;
  }
  return input;
}
