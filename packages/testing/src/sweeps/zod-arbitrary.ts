// fast-check values that mostly pass a zod 4 schema, with hostile strings (NUL bytes, lone
// surrogates, SQL, bidi overrides, the longest allowed) in string fields: the fuzz sweep uses them
// to get past validation into the services, where driver errors (500s) hide. Reads `_zod.def`.
import fc from "fast-check";
import { zodDef } from "./router-walk";

interface Check {
  check?: string;
  minimum?: number;
  maximum?: number;
  value?: number | bigint | Date;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

function checksOf(schema: unknown): Check[] {
  const def = zodDef(schema);
  const own: Check[] = def && "check" in def ? [def as unknown as Check] : [];
  return [...own, ...(def?.checks ?? []).map((c) => (zodDef(c) ?? {}) as Check)];
}

const HOSTILE_TEXT = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "'; drop table bookings; --",
  "\u202e\u0041",
  "%s%n%x",
  "😀",
  "\\",
  '"',
  "\r\n",
  "null",
];

function stringArbitrary(schema: unknown): fc.Arbitrary<string> {
  const checks = checksOf(schema);
  const min = Math.max(
    0,
    ...checks.filter((c) => c.check === "min_length").map((c) => c.minimum ?? 0),
  );
  const max = Math.min(
    10_000,
    ...checks.filter((c) => c.check === "max_length").map((c) => c.maximum ?? 10_000),
  );
  const format = checks.find((c) => c.check === "string_format")?.format;
  const pattern = checks.find((c) => c.pattern instanceof RegExp && c.format === "regex")?.pattern;
  let valid: fc.Arbitrary<string>;
  if (format === "uuid" || format === "guid") valid = fc.uuid();
  else if (format === "email") valid = fc.emailAddress().filter((e) => e.length <= max);
  else if (format === "datetime")
    valid = fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  else if (pattern)
    // fast-check cannot generate from a case-insensitive pattern; the strings its case-sensitive
    // twin matches are a subset of what the original accepts, which is all "valid" needs.
    valid = fc
      .stringMatching(
        pattern.flags.includes("i")
          ? new RegExp(pattern.source, pattern.flags.replace("i", ""))
          : pattern,
      )
      .filter((s) => s.length >= min && s.length <= max);
  else valid = fc.string({ minLength: min, maxLength: Math.min(max, 60) });
  const hostile = fc.oneof(
    fc.constantFrom(...HOSTILE_TEXT),
    fc.constant("x".repeat(Math.max(min, max))),
    fc.constant("\u0000".repeat(Math.max(1, Math.min(max, 16)))),
  );
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostile });
}

function numberArbitrary(schema: unknown): fc.Arbitrary<number> {
  const checks = checksOf(schema);
  const isInt = checks.some(
    (c) =>
      c.check === "number_format" &&
      (c.format === "safeint" || c.format === "int32" || c.format === "uint32"),
  );
  let min = -1e12;
  let max = 1e12;
  for (const c of checks) {
    if (typeof c.value !== "number") continue;
    if (c.check === "greater_than")
      min = Math.max(min, c.inclusive ? c.value : c.value + (isInt ? 1 : 1e-9));
    if (c.check === "less_than")
      max = Math.min(max, c.inclusive ? c.value : c.value - (isInt ? 1 : 1e-9));
  }
  if (min > max) return fc.constant(min);
  const valid = isInt
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Now and then just outside the bounds.
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0, -0) },
  );
}

/** Values shaped like `schema` (depth-limited); `fallback` where the schema says nothing usable. */
export function nearValid(
  schema: unknown,
  fallback: fc.Arbitrary<unknown>,
  depth = 0,
): fc.Arbitrary<unknown> {
  const def = zodDef(schema);
  if (!def || depth > 8) return fallback;
  const inner = (s: unknown) => nearValid(s, fallback, depth + 1);
  switch (def.type) {
    case "string":
      return stringArbitrary(schema);
    case "number":
      return numberArbitrary(schema);
    case "int":
      return fc.integer();
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({
        min: new Date("2000-01-01"),
        max: new Date("2100-01-01"),
        noInvalidDate: true,
      });
    case "bigint":
      return fc.bigInt();
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "enum": {
      const entries = Object.values(
        (def as unknown as { entries: Record<string, string | number> }).entries,
      );
      return entries.length > 0 ? fc.constantFrom(...entries) : fallback;
    }
    case "literal": {
      const values = (def as unknown as { values: unknown[] }).values;
      return values.length > 0 ? fc.constantFrom(...values) : fallback;
    }
    case "optional":
    case "default":
    case "prefault":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 3 });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null, freq: 3 });
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe":
      return inner(def.in);
    case "lazy":
      return def.getter ? inner(def.getter()) : fallback;
    case "union":
      return def.options && def.options.length > 0 ? fc.oneof(...def.options.map(inner)) : fallback;
    case "intersection":
      return fc
        .tuple(inner(def.left), inner(def.right))
        .map(([l, r]) =>
          l && r && typeof l === "object" && typeof r === "object" ? { ...l, ...r } : l,
        );
    case "array": {
      const checks = checksOf(schema);
      const minLength = Math.max(
        0,
        ...checks.filter((c) => c.check === "min_length").map((c) => c.minimum ?? 0),
      );
      const maxLength = Math.min(
        5,
        ...checks.filter((c) => c.check === "max_length").map((c) => c.maximum ?? 5),
      );
      return fc.array(inner(def.element), { minLength: Math.min(minLength, maxLength), maxLength });
    }
    case "record": {
      const { keyType, valueType } = def as unknown as { keyType: unknown; valueType: unknown };
      return fc.dictionary(stringArbitrary(keyType), inner(valueType), { maxKeys: 4 });
    }
    case "object": {
      const shape = def.shape ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, field] of Object.entries(shape)) record[key] = inner(field);
      return fc.record(record);
    }
    default:
      return fallback;
  }
}
