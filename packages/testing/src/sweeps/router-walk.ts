// Reads the app router the way the generated sweeps need it: every procedure with its path, type,
// which gate it sits behind (public / authed / tenant) and its zod input schemas, plus a small
// walker over zod 4 schemas (field names, uuid-ness). Tests only; it leans on tRPC and zod
// internals (`_def.procedures`, `_def.middlewares`, `_zod.def`) and fails loudly if they change.
import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import { appRouter, authedProcedure, tenantProcedure, type PhiFieldKind } from "@frontdesk/api";

export type ProcedureType = "query" | "mutation" | "subscription";
export type ProcedureKind = "public" | "authed" | "tenant";

export interface ProcedureInfo {
  path: string;
  type: ProcedureType;
  kind: ProcedureKind;
  /** The zod schemas given to `.input()` (tRPC merges several). */
  inputs: unknown[];
  /** Index of the tenant gate in the middleware chain (-1 when not a tenant procedure). */
  gateIndex: number;
  /** Indexes of tRPC's input-parsing middlewares in the chain. */
  inputIndexes: number[];
}

interface Middleware {
  _type?: string;
}

interface ProcedureInternals {
  _def: { type: ProcedureType; inputs: unknown[]; middlewares: Middleware[] };
}

function middlewaresOf(builder: unknown): Middleware[] {
  const def = (builder as { _def?: { middlewares?: unknown } })._def;
  if (!def || !Array.isArray(def.middlewares))
    throw new Error("tRPC internals changed: no _def.middlewares");
  return def.middlewares as Middleware[];
}

// The gate is the last middleware the base procedure adds; procedures built on it share the function.
const tenantGate = middlewaresOf(tenantProcedure).at(-1);
const authedGate = middlewaresOf(authedProcedure).at(-1);

export function listProcedures(router: AnyRouter = appRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<string, unknown>;
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const def = (procedure as ProcedureInternals)._def;
      const middlewares = def.middlewares;
      const gateIndex = tenantGate ? middlewares.indexOf(tenantGate) : -1;
      const kind: ProcedureKind =
        gateIndex >= 0
          ? "tenant"
          : authedGate && middlewares.includes(authedGate)
            ? "authed"
            : "public";
      const inputIndexes = middlewares.flatMap((m, i) => (m._type === "input" ? [i] : []));
      return { path, type: def.type, kind, inputs: def.inputs, gateIndex, inputIndexes };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

// ---- zod 4 schemas, read through `_zod.def` ----

interface ZodDef {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  options?: unknown[];
  left?: unknown;
  right?: unknown;
  format?: string;
  checks?: unknown[];
  getter?: () => unknown;
}

export function zodDef(schema: unknown): ZodDef | undefined {
  if (typeof schema !== "object" || schema === null || !("_zod" in schema)) return undefined;
  const zod = (schema as { _zod: { def?: ZodDef } })._zod;
  return zod.def;
}

const WRAPPERS = new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
  "success",
]);

/** The schema under optional/nullable/default/… and the input side of pipes and transforms. */
export function unwrap(schema: unknown): unknown {
  for (let current = schema, depth = 0; depth < 50; depth++) {
    const def = zodDef(current);
    if (!def) return current;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else return current;
  }
  return schema;
}

/** The fields of an object schema (objects, intersections and unions of objects merged). */
export function objectShape(schema: unknown): Record<string, unknown> {
  const def = zodDef(unwrap(schema));
  if (!def) return {};
  if (def.type === "object" && def.shape) return def.shape;
  if (def.type === "intersection") return { ...objectShape(def.left), ...objectShape(def.right) };
  if (def.type === "union" && def.options)
    return Object.assign({}, ...def.options.map(objectShape)) as Record<string, unknown>;
  return {};
}

/** All top-level input fields of a procedure. */
export function inputShape(procedure: ProcedureInfo): Record<string, unknown> {
  return Object.assign({}, ...procedure.inputs.map(objectShape)) as Record<string, unknown>;
}

export function isUuidSchema(schema: unknown): boolean {
  const def = zodDef(unwrap(schema));
  if (!def || def.type !== "string") return false;
  if (def.format === "uuid" || def.format === "guid") return true;
  return (def.checks ?? []).some((check) => {
    const format = zodDef(check)?.format;
    return format === "uuid" || format === "guid";
  });
}

/**
 * Input fields that name an existing row: `id` or `…Id` holding a uuid, or a `slotId` (an encoded
 * slot: resource + start). Nested objects are searched too; the result is a list of dotted paths.
 */
export function idFields(procedure: ProcedureInfo): string[] {
  const found: string[] = [];
  const visit = (shape: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [key, schema] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (key === "slotId" || ((key === "id" || key.endsWith("Id")) && isUuidSchema(schema)))
        found.push(path);
      else if (depth < 4) {
        const nested = objectShape(schema);
        if (Object.keys(nested).length > 0) visit(nested, path, depth + 1);
      }
    }
  };
  visit(inputShape(procedure), "", 0);
  return found.sort();
}

/** A procedure at `path` on a tRPC caller (`createCaller(...)`), callable with any input. */
export function procedureAt(caller: unknown, path: string): (input?: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const segment of path.split(".")) node = (node as Record<string, unknown>)[segment];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input?: unknown) => Promise<unknown>;
}

// ---- PHI declarations (phi-fields.ts) on every string a procedure accepts ----

export interface PhiLeaf {
  /** Dotted path: `items[].name`, `tags{key}`, `tags{value}`, `value|1` (the second union option). */
  path: string;
  /** What the leaf is: a string, a record's key, or a free value (custom/any/unknown/catch-all). */
  what: "string" | "record-key" | "free";
  /** The nearest declaration on the way down, or null when there is none. */
  kind: PhiFieldKind | null;
  /** The schema that carries the leaf (the record's key schema for a key). */
  schema: unknown;
  /** The schema the declaration sits on (it may wrap the leaf: a pipe, an optional). */
  declaredBy: unknown;
}

function phiKindOf(schema: unknown): PhiFieldKind | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  return z.globalRegistry.get(schema as z.ZodType)?.phi;
}

const INERT = new Set([
  "number",
  "int",
  "boolean",
  "date",
  "bigint",
  "null",
  "undefined",
  "void",
  "never",
  "nan",
  "enum",
  "literal",
  "transform",
]);

/**
 * Every string leaf, record key and free value in a schema, with its declaration. Object keys of a
 * strict or stripping `z.object` are the schema's own names; a catch-all makes them input, so it
 * counts as a free value.
 */
export function phiLeaves(schema: unknown): PhiLeaf[] {
  const out: PhiLeaf[] = [];
  type Declared = { kind: PhiFieldKind; by: unknown } | null;
  const visit = (
    node: unknown,
    path: string,
    inherited: Declared,
    seen: ReadonlySet<unknown>,
  ): void => {
    const leaf = (p: string, what: PhiLeaf["what"], d: Declared, schema: unknown) =>
      out.push({ path: p, what, kind: d?.kind ?? null, schema, declaredBy: d?.by ?? null });
    const def = zodDef(node);
    if (!def) {
      leaf(path, "free", inherited, node);
      return;
    }
    const own = phiKindOf(node);
    const kind: Declared = own ? { kind: own, by: node } : inherited;
    const full = def as ZodDef & {
      keyType?: unknown;
      valueType?: unknown;
      catchall?: unknown;
      items?: unknown[];
      rest?: unknown;
      out?: unknown;
    };
    switch (def.type) {
      case "string":
      case "template_literal":
        leaf(path, "string", kind, node);
        return;
      case "object": {
        for (const [key, value] of Object.entries(def.shape ?? {}))
          visit(value, path ? `${path}.${key}` : key, kind, seen);
        const catchall = zodDef(full.catchall);
        if (catchall && catchall.type !== "never") {
          const declared = phiKindOf(full.catchall);
          leaf(
            `${path}.*`,
            "free",
            declared ? { kind: declared, by: full.catchall } : kind,
            full.catchall,
          );
        }
        return;
      }
      case "record": {
        const keyDef = zodDef(unwrap(full.keyType));
        if (keyDef && keyDef.type !== "enum" && keyDef.type !== "literal") {
          const declared = phiKindOf(full.keyType);
          leaf(
            `${path}{key}`,
            "record-key",
            declared ? { kind: declared, by: full.keyType } : kind,
            full.keyType,
          );
        }
        visit(full.valueType, `${path}{value}`, kind, seen);
        return;
      }
      case "array":
      case "set":
        visit(def.element ?? (def as { valueType?: unknown }).valueType, `${path}[]`, kind, seen);
        return;
      case "tuple":
        (full.items ?? []).forEach((item, i) => visit(item, `${path}[${i}]`, kind, seen));
        if (full.rest) visit(full.rest, `${path}[]`, kind, seen);
        return;
      case "union":
        (def.options ?? []).forEach((option, i) => visit(option, `${path}|${i}`, kind, seen));
        return;
      case "intersection":
        visit(def.left, path, kind, seen);
        visit(def.right, path, kind, seen);
        return;
      case "pipe":
        visit(def.in, path, kind, seen);
        return;
      case "lazy": {
        if (seen.has(node)) return;
        visit(def.getter?.(), path, kind, new Set([...seen, node]));
        return;
      }
      default:
        if (def.innerType) visit(def.innerType, path, kind, seen);
        else if (!INERT.has(def.type)) leaf(path, "free", kind, node);
    }
  };
  visit(schema, "", null, new Set());
  return out;
}

/** Every procedure's PHI leaves, as `procedure path: leaf path`. */
export function procedurePhiLeaves(
  procedures: ProcedureInfo[] = listProcedures(),
): (PhiLeaf & { procedure: ProcedureInfo })[] {
  return procedures.flatMap((procedure) =>
    procedure.inputs.flatMap((input) => phiLeaves(input).map((leaf) => ({ ...leaf, procedure }))),
  );
}
