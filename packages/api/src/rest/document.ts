// The OpenAPI 3.1 document of the REST routes, built from the procedures' own zod input schemas and
// the response schemas in outputs.ts (zod-openapi renders zod 4 schemas through zod's own JSON
// Schema conversion). Served at /api/openapi.json and committed as openapi.json at the repository
// root; `pnpm openapi:check` fails when the two differ.
import { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiOverrideContext,
  type ZodOpenApiPathsObject,
} from "zod-openapi";
import { POLICY } from "../policy";
import { REST_BASE_PATH, restRoutes, type RestRoute } from "./routes";

export const OPENAPI_VERSION = "3.1.0";
/** The REST contract's version: a breaking change is a new base path, not a new number here. */
export const REST_API_VERSION = "1.0.0";

const problem = z
  .object({
    type: z.literal("about:blank"),
    title: z.string().meta({ description: "The HTTP status's phrase" }),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong, for people; may change" }),
    code: z.string().meta({
      description:
        "Stable: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT, …",
      example: "CONFLICT",
    }),
    requestId: z
      .string()
      .optional()
      .meta({ description: "Quote it when asking for help; also the x-request-id header" }),
    retryAfter: z.number().int().optional().meta({
      description: "Seconds to wait before retrying (429, 503); also the Retry-After header",
    }),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "The input fields the schema rejected (400)" }),
  })
  .meta({ id: "Problem", description: "An RFC 9457 problem with Frontdesk's stable `code`" });

const retryAfter = z.string().meta({ description: "Seconds to wait before retrying" });

function problemResponse(id: string, description: string, retry = false) {
  return {
    id,
    description,
    ...(retry ? { headers: z.object({ "Retry-After": retryAfter }) } : {}),
    content: { "application/problem+json": { schema: problem } },
  };
}

const ERROR_RESPONSES = {
  "400": problemResponse(
    "BadRequest",
    "The input is not valid (`issues` names the fields), or a rule that needs the data refused it",
  ),
  "401": problemResponse("Unauthorized", "No API key, or an invalid, revoked or expired one"),
  "403": problemResponse("Forbidden", "The API key lacks the scope this route needs"),
  "404": problemResponse("NotFound", "No such record in this tenant"),
  "409": problemResponse(
    "Conflict",
    "A conflict: the slot is taken, an illegal state change, or an Idempotency-Key reused with other input",
  ),
  "412": problemResponse(
    "PreconditionFailed",
    "The tenant's PHI policy blocked the write; nothing was stored",
  ),
  "413": problemResponse("ContentTooLarge", "The body is larger than this route accepts"),
  "429": problemResponse("TooManyRequests", "Rate limit or plan quota reached", true),
  "503": problemResponse(
    "ServiceUnavailable",
    "Temporarily unavailable; retry after Retry-After seconds",
    true,
  ),
} as const;

/** How each route's input fields are sent: path, query string (GET/DELETE) or JSON body. */
function operation(route: RestRoute): ZodOpenApiOperationObject {
  const pick = (names: readonly string[]) =>
    z.object(Object.fromEntries(names.map((name) => [name, queryParam(route.fields[name])])));
  const rule = POLICY[route.procedure];
  const scope = rule?.scope ? `API keys need the \`${rule.scope}\` scope (or \`admin\`).` : "";
  const idempotency = route.idempotent
    ? " Send an `Idempotency-Key` header to make retries safe: the same key with the same input returns the first result, with other input it is 409 CONFLICT."
    : "";
  const requestParams: NonNullable<ZodOpenApiOperationObject["requestParams"]> = {};
  if (route.pathParams.length) requestParams.path = pick(route.pathParams);
  if (route.queryParams.length) requestParams.query = pick(route.queryParams);
  if (route.idempotent) {
    const required = !(route.fields.idempotencyKey?.safeParse(undefined).success ?? true);
    const header = z
      .string()
      .min(1)
      .max(255)
      .meta({ description: "Any text of yours, unique per logical request" });
    requestParams.header = z.object({ "Idempotency-Key": required ? header : header.optional() });
  }
  const op: ZodOpenApiOperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    description: `${scope}${idempotency} Calls the \`${route.procedure}\` procedure.`.trim(),
    tags: [route.tag],
    "x-frontdesk-procedure": route.procedure,
    requestParams,
    responses: {
      [String(route.status ?? 200)]: {
        description: route.status === 201 ? "Created" : "OK",
        content: { "application/json": { schema: route.output } },
      },
      ...ERROR_RESPONSES,
    },
  };
  if (route.bodyFields.length) {
    op.requestBody = {
      required: true,
      content: { "application/json": { schema: pick(route.bodyFields) } },
    };
  }
  return op;
}

/** Query parameters: arrays repeat the key, records use `name[key]=value` (deepObject). */
function queryParam(schema: z.ZodType | undefined): z.ZodType {
  if (!schema) return z.never();
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault)
    inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodRecord)
    return schema.meta({ param: { style: "deepObject", explode: true } });
  return schema;
}

/** A union with a Date branch is "an ISO instant" on the wire (JSON has no Date). */
function takesDate(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def;
  if (def.type === "date") return true;
  if (def.type === "union") return (def as z.core.$ZodUnionDef).options.some(takesDate);
  if (def.type === "pipe") return takesDate((def as z.core.$ZodPipeDef).in);
  return false;
}

function render({ jsonSchema, zodSchema }: ZodOpenApiOverrideContext): void {
  const def = zodSchema._zod.def;
  const schema = jsonSchema as Record<string, unknown>;
  if ((def.type === "date" || def.type === "union") && takesDate(zodSchema)) {
    delete schema.anyOf;
    delete schema.oneOf;
    schema.type = "string";
    schema.format = "date-time";
  }
  if (def.type === "custom") {
    schema.type = "object";
    schema.additionalProperties = true;
  }
  // phiField's declaration, as an extension: how the field keeps raw PHI out of storage.
  if ("phi" in schema) {
    schema["x-frontdesk-phi"] = schema.phi;
    delete schema.phi;
  }
}

export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of restRoutes()) {
    const path = `${REST_BASE_PATH}${route.path}`;
    const item = (paths[path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[route.method.toLowerCase()] =
      operation(route);
  }
  return createDocument(
    {
      openapi: OPENAPI_VERSION,
      info: {
        title: "Frontdesk API",
        version: REST_API_VERSION,
        description:
          "The REST routes of Frontdesk's integrator API: bookings, scores, metrics, orders and the PHI gate. " +
          "Each route calls the same procedure as the typed SDK (`@frontdesk/client`, tRPC at /api/trpc), under the same API key scopes, rate limits, PHI policy and audit. " +
          "Authenticate with `Authorization: Bearer <api key>`. Errors are `application/problem+json` with a stable `code`. " +
          "Instants are ISO 8601 strings; money is integer minor units with an ISO 4217 currency; lists page with `limit` and `cursor` (pass back `nextCursor`).",
        license: { name: "MIT", identifier: "MIT" },
      },
      servers: [{ url: "/", description: "This Frontdesk server" }],
      security: [{ apiKey: [] }],
      tags: [
        { name: "Bookings", description: "Book, confirm, cancel and reschedule appointments" },
        { name: "Resources", description: "What can be booked, when, and its free slots" },
        { name: "Scores", description: "Conversation quality scores" },
        { name: "Metrics", description: "Product metrics: record points, aggregate them" },
        { name: "Orders", description: "Orders, payments and refunds" },
        { name: "PHI", description: "The PHI gate: scan text, the policy, detection events" },
      ],
      components: {
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "An API key from Settings → API keys (`fd_…`)",
          },
        },
      },
      paths,
    },
    { override: render, allowEmptySchema: { custom: true } },
  );
}

let cached: string | undefined;

/** The document as served and committed: stable key order, two-space indent, a final newline. */
export function openApiDocumentJson(): string {
  cached ??= `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
  return cached;
}
