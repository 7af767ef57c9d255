// The REST face of the integrator-facing procedures: one row per route, naming the procedure it
// calls. The input schema is the procedure's own (read from the router, never restated), so the
// REST routes, the OpenAPI document and tRPC validate with the same zod schemas. Console-only
// procedures (tenant, members, API keys, billing, audit, webhooks) have no REST route.
import { z } from "zod";
import { appRouter } from "../root";
import { OUTPUTS, type RestProcedure } from "./outputs";

export const REST_BASE_PATH = "/api/v1";

export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RestRouteDefinition {
  method: RestMethod;
  /** Under REST_BASE_PATH; `{name}` segments are fields of the procedure's input. */
  path: string;
  procedure: RestProcedure;
  summary: string;
  tag: "Bookings" | "Resources" | "Scores" | "Metrics" | "Orders" | "PHI";
  /** 201 for routes that create something. */
  status?: 201;
}

export const REST_ROUTES: readonly RestRouteDefinition[] = [
  // bookings
  {
    method: "GET",
    path: "/bookings",
    procedure: "bookings.list",
    tag: "Bookings",
    summary: "List bookings",
  },
  {
    method: "POST",
    path: "/bookings",
    procedure: "bookings.create",
    tag: "Bookings",
    summary: "Book a slot",
    status: 201,
  },
  {
    method: "GET",
    path: "/bookings/{id}",
    procedure: "bookings.get",
    tag: "Bookings",
    summary: "Get a booking",
  },
  {
    method: "POST",
    path: "/bookings/{id}/confirm",
    procedure: "bookings.confirm",
    tag: "Bookings",
    summary: "Confirm a pending booking",
  },
  {
    method: "POST",
    path: "/bookings/{id}/cancel",
    procedure: "bookings.cancel",
    tag: "Bookings",
    summary: "Cancel a booking",
  },
  {
    method: "POST",
    path: "/bookings/{id}/reschedule",
    procedure: "bookings.reschedule",
    tag: "Bookings",
    summary: "Move a booking to another slot",
  },
  {
    method: "GET",
    path: "/resources",
    procedure: "bookings.resources.list",
    tag: "Resources",
    summary: "List bookable resources",
  },
  {
    method: "POST",
    path: "/resources",
    procedure: "bookings.resources.create",
    tag: "Resources",
    summary: "Create a resource",
    status: 201,
  },
  {
    method: "GET",
    path: "/resources/{id}",
    procedure: "bookings.resources.get",
    tag: "Resources",
    summary: "Get a resource",
  },
  {
    method: "PATCH",
    path: "/resources/{id}",
    procedure: "bookings.resources.update",
    tag: "Resources",
    summary: "Update a resource",
  },
  {
    method: "POST",
    path: "/resources/{id}/archive",
    procedure: "bookings.resources.archive",
    tag: "Resources",
    summary: "Archive a resource",
  },
  {
    method: "GET",
    path: "/resources/{resourceId}/slots",
    procedure: "bookings.slots",
    tag: "Resources",
    summary: "List a resource's slots and whether each is free",
  },
  // scores
  {
    method: "GET",
    path: "/scores",
    procedure: "scores.list",
    tag: "Scores",
    summary: "List scores",
  },
  {
    method: "POST",
    path: "/scores",
    procedure: "scores.record",
    tag: "Scores",
    summary: "Record a score",
    status: 201,
  },
  {
    method: "POST",
    path: "/scores/conversations",
    procedure: "scores.scoreConversation",
    tag: "Scores",
    summary: "Score a conversation with the rubric",
    status: 201,
  },
  {
    method: "GET",
    path: "/scores/summary",
    procedure: "scores.summary",
    tag: "Scores",
    summary: "Summarise a score per bucket",
  },
  {
    method: "GET",
    path: "/scores/{id}",
    procedure: "scores.get",
    tag: "Scores",
    summary: "Get a score",
  },
  {
    method: "PATCH",
    path: "/scores/{id}",
    procedure: "scores.update",
    tag: "Scores",
    summary: "Change a score's value or comment",
  },
  {
    method: "DELETE",
    path: "/scores/{id}",
    procedure: "scores.delete",
    tag: "Scores",
    summary: "Delete a score",
  },
  {
    method: "GET",
    path: "/score-configs",
    procedure: "scores.configs.list",
    tag: "Scores",
    summary: "List score configs",
  },
  {
    method: "PUT",
    path: "/score-configs/{name}",
    procedure: "scores.configs.upsert",
    tag: "Scores",
    summary: "Create or replace a score config",
  },
  {
    method: "POST",
    path: "/score-configs/{name}/archive",
    procedure: "scores.configs.archive",
    tag: "Scores",
    summary: "Archive a score config",
  },
  // metrics
  {
    method: "POST",
    path: "/metrics",
    procedure: "metrics.record",
    tag: "Metrics",
    summary: "Record a metric point",
    status: 201,
  },
  {
    method: "POST",
    path: "/metrics/batch",
    procedure: "metrics.recordBatch",
    tag: "Metrics",
    summary: "Record up to 10,000 points",
    status: 201,
  },
  {
    method: "GET",
    path: "/metrics/query",
    procedure: "metrics.query",
    tag: "Metrics",
    summary: "Aggregate a metric per bucket",
  },
  {
    method: "GET",
    path: "/metrics/names",
    procedure: "metrics.names",
    tag: "Metrics",
    summary: "List metric names",
  },
  // orders
  {
    method: "GET",
    path: "/orders",
    procedure: "orders.list",
    tag: "Orders",
    summary: "List orders",
  },
  {
    method: "POST",
    path: "/orders",
    procedure: "orders.create",
    tag: "Orders",
    summary: "Create an order",
    status: 201,
  },
  {
    method: "GET",
    path: "/orders/{id}",
    procedure: "orders.get",
    tag: "Orders",
    summary: "Get an order with its refunds",
  },
  {
    method: "POST",
    path: "/orders/{id}/cancel",
    procedure: "orders.cancel",
    tag: "Orders",
    summary: "Cancel an unpaid order",
  },
  {
    method: "POST",
    path: "/orders/{id}/refunds",
    procedure: "orders.refund",
    tag: "Orders",
    summary: "Refund a paid order, fully or partly",
    status: 201,
  },
  // phi
  {
    method: "POST",
    path: "/phi/scan",
    procedure: "phi.scan",
    tag: "PHI",
    summary: "Scan text for PHI under the tenant's policy",
  },
  {
    method: "GET",
    path: "/phi/policy",
    procedure: "phi.policy.get",
    tag: "PHI",
    summary: "Get the PHI policy",
  },
  {
    method: "PUT",
    path: "/phi/policy",
    procedure: "phi.policy.update",
    tag: "PHI",
    summary: "Replace the PHI policy",
  },
  {
    method: "GET",
    path: "/phi/events",
    procedure: "phiEvents.list",
    tag: "PHI",
    summary: "List PHI detection events (masked values only)",
  },
  {
    method: "GET",
    path: "/phi/events/stats",
    procedure: "phiEvents.stats",
    tag: "PHI",
    summary: "Count PHI detection events per bucket, type and action",
  },
];

/** The request's parts: which input fields come from the path, the query string or the JSON body. */
export interface RestRoute extends RestRouteDefinition {
  /** `bookings.create` → `bookingsCreate`. */
  operationId: string;
  type: "query" | "mutation";
  /** The procedure's input schema (undefined: it takes none). */
  input: z.ZodType | undefined;
  output: z.ZodType;
  /** The input's fields (its object shape, under any default/prefault wrapper). */
  fields: Readonly<Record<string, z.ZodType>>;
  pathParams: readonly string[];
  /** Fields read from the query string (GET, DELETE) or the body (the other methods). */
  queryParams: readonly string[];
  bodyFields: readonly string[];
  /** The input takes `idempotencyKey`: it comes from the Idempotency-Key header. */
  idempotent: boolean;
  pattern: RegExp;
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: unknown[];
}

function procedureDef(path: string): ProcedureDef {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: ProcedureDef } | undefined
  >;
  const procedure = procedures[path];
  if (!procedure) throw new Error(`REST route names ${path}, which the router does not have`);
  return procedure._def;
}

/** The object schema under wrappers that give the whole input a default. */
export function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  let current: unknown = schema;
  for (;;) {
    if (current instanceof z.ZodObject) return current.shape;
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap();
      continue;
    }
    if (current instanceof z.ZodOptional) {
      current = current.unwrap();
      continue;
    }
    return {};
  }
}

const PARAM = /\{(\w+)\}/g;

function compile(definition: RestRouteDefinition): RestRoute {
  const def = procedureDef(definition.procedure);
  if (def.type === "subscription") throw new Error(`${definition.procedure} is a subscription`);
  if ((def.type === "query") !== (definition.method === "GET")) {
    throw new Error(
      `${definition.method} ${definition.path}: queries are GET and mutations are not`,
    );
  }
  if (def.inputs.length > 1) throw new Error(`${definition.procedure} has chained inputs`);
  const input = def.inputs[0] as z.ZodType | undefined;
  const fields = objectShape(input);
  const pathParams = [...definition.path.matchAll(PARAM)].map((m) => m[1] ?? "");
  for (const name of pathParams) {
    if (!(name in fields))
      throw new Error(`${definition.path}: {${name}} is not a field of ${definition.procedure}`);
  }
  const rest = Object.keys(fields).filter((k) => !pathParams.includes(k) && k !== "idempotencyKey");
  const inQuery = definition.method === "GET" || definition.method === "DELETE";
  const source = definition.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(PARAM, "([^/]+)");
  return {
    ...definition,
    operationId: definition.procedure.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()),
    type: def.type,
    input,
    output: OUTPUTS[definition.procedure],
    fields,
    pathParams,
    queryParams: inQuery ? rest : [],
    bodyFields: inQuery ? [] : rest,
    idempotent: "idempotencyKey" in fields,
    pattern: new RegExp(`^${source}$`),
  };
}

let compiled: RestRoute[] | undefined;

/** Every route, compiled once (fails at start-up if a row and the router disagree). */
export function restRoutes(): readonly RestRoute[] {
  compiled ??= REST_ROUTES.map(compile);
  return compiled;
}

export type RestMatch =
  | { kind: "route"; route: RestRoute; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: RestMethod[] }
  | { kind: "not_found" };

/** The route for a path under REST_BASE_PATH; literal segments win over `{param}` ones. */
export function matchRestRoute(method: string, path: string): RestMatch {
  const candidates: { route: RestRoute; values: string[] }[] = [];
  for (const route of restRoutes()) {
    const m = route.pattern.exec(path);
    if (m) candidates.push({ route, values: m.slice(1) });
  }
  if (candidates.length === 0) return { kind: "not_found" };
  const fewestParams = Math.min(...candidates.map((c) => c.route.pathParams.length));
  const best = candidates.filter((c) => c.route.pathParams.length === fewestParams);
  const hit = best.find((c) => c.route.method === method);
  if (!hit) return { kind: "method_not_allowed", allow: best.map((c) => c.route.method) };
  const params: Record<string, string> = {};
  hit.route.pathParams.forEach((name, i) => (params[name] = hit.values[i] ?? ""));
  return { kind: "route", route: hit.route, params };
}
