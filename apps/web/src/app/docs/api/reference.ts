// Turns the OpenAPI document (the same one /api/openapi.json serves) into plain rows for the API
// reference page. Server-side only and dependency-free on purpose: reference renderers such as
// Scalar ship client JS that injects un-nonced <style> and needs eval, which the console's CSP
// refuses. The document is ours and small, so a few pure functions cover what it uses.

/** The subset of JSON Schema the document's zod-openapi output uses. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  additionalProperties?: boolean | Schema;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Response>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, Response>;
    securitySchemes?: Record<string, { type: string; scheme?: string; description?: string }>;
  };
}

/** One field of a schema, nested fields flattened to dotted names (`attendee.email`). */
export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  /** Bounds, format and pattern in words, e.g. "1–200 characters". */
  constraints: string[];
  enumValues: string[];
  description?: string;
}

export interface ResponseRow {
  status: string;
  description: string;
  /** The problem body's stable `code` for an error status (what clients branch on). */
  errorCode?: string;
  /** The success body's named schema, e.g. "Booking" or "Booking[]". */
  bodyName?: string;
  fields: FieldRow[];
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  auth: string;
  parameters: FieldRow[];
  parameterLocations: Record<string, string>;
  body: FieldRow[];
  bodyRequired: boolean;
  responses: ResponseRow[];
}

export interface TagView {
  id: string;
  name: string;
  description?: string;
  operations: OperationView[];
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

// The problem body's `code` for each status the document declares: tRPC's error codes, mapped to
// HTTP statuses the way tRPC (and the REST handler, which reuses its mapping) does.
const ERROR_CODES: Record<string, string> = {
  "400": "BAD_REQUEST",
  "401": "UNAUTHORIZED",
  "403": "FORBIDDEN",
  "404": "NOT_FOUND",
  "408": "TIMEOUT",
  "409": "CONFLICT",
  "412": "PRECONDITION_FAILED",
  "413": "PAYLOAD_TOO_LARGE",
  "415": "UNSUPPORTED_MEDIA_TYPE",
  "429": "TOO_MANY_REQUESTS",
  "500": "INTERNAL_SERVER_ERROR",
  "503": "SERVICE_UNAVAILABLE",
  "504": "GATEWAY_TIMEOUT",
};

/** A stable, URL-safe anchor for headings and the table of contents. */
export function anchor(...parts: string[]): string {
  return parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

function resolveSchema(doc: OpenApiDocument, schema: Schema): Schema {
  // Refs point at components/schemas only in this document; one level is all it nests.
  return schema.$ref ? (doc.components?.schemas?.[refName(schema.$ref)] ?? {}) : schema;
}

function resolveResponse(doc: OpenApiDocument, response: Response): Response {
  return response.$ref ? (doc.components?.responses?.[refName(response.$ref)] ?? {}) : response;
}

/** `string`, `integer | null`, `string[]`, `Booking`. */
export function typeLabel(schema: Schema): string {
  if (schema.$ref) return refName(schema.$ref);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeLabel))].join(" | ");
  if (schema.allOf) return schema.allOf.map(typeLabel).join(" & ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return "any";
  return types
    .map((t) => (t === "array" ? `${schema.items ? typeLabel(schema.items) : "any"}[]` : t))
    .join(" | ");
}

// zod-openapi writes Number.MIN/MAX_SAFE_INTEGER for a plain `.int()`; those bounds say nothing.
const isMeaningful = (n: number | undefined): n is number =>
  n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

/** Bounds and format in words. Patterns are left out when a format already says it (uuid, date-time). */
export function constraints(schema: Schema): string[] {
  const out: string[] = [];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.flatMap(constraints);
  if (schema.format) out.push(schema.format);
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (isMeaningful(min) && isMeaningful(max)) out.push(`${min}–${max}${unit}`);
    else if (isMeaningful(min)) out.push(`≥ ${min}${unit}`);
    else if (isMeaningful(max)) out.push(`≤ ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minimum, schema.maximum, "");
  if (isMeaningful(schema.exclusiveMinimum)) out.push(`> ${schema.exclusiveMinimum}`);
  if (isMeaningful(schema.exclusiveMaximum)) out.push(`< ${schema.exclusiveMaximum}`);
  range(schema.minItems, schema.maxItems, " items");
  if (schema.pattern && !schema.format) out.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

function enumValues(schema: Schema): string[] {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.flatMap(enumValues);
  const values =
    schema.enum ?? (schema.type === "array" && schema.items?.enum ? schema.items.enum : []);
  return values.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

/** An object schema's fields, nested objects (and arrays of objects, as `name[].x`) flattened. */
export function fieldRows(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  prefix = "",
  depth = 0,
): FieldRow[] {
  if (!schema) return [];
  const resolved = resolveSchema(doc, schema);
  const required = new Set(resolved.required ?? []);
  const rows: FieldRow[] = [];
  // A nested $ref field shows its schema's name as its type; only inline shapes are expanded.
  for (const [key, field] of Object.entries(resolved.properties ?? {})) {
    const name = `${prefix}${key}`;
    rows.push({
      name,
      type: typeLabel(field),
      required: required.has(key),
      constraints: constraints(field),
      enumValues: enumValues(field),
      description: field.description,
    });
    if (depth >= 4) continue;
    if (field.properties) rows.push(...fieldRows(doc, field, `${name}.`, depth + 1));
    else if (field.type === "array" && field.items?.properties)
      rows.push(...fieldRows(doc, field.items, `${name}[].`, depth + 1));
  }
  return rows;
}

function authLabel(doc: OpenApiDocument, operation: Operation): string {
  const requirements = operation.security ?? doc.security ?? [];
  if (requirements.length === 0) return "None";
  return requirements
    .flatMap((req) => Object.keys(req))
    .map((name) => {
      const scheme = doc.components?.securitySchemes?.[name];
      return scheme?.type === "http" && scheme.scheme === "bearer"
        ? "Bearer API key (Authorization: Bearer fd_…)"
        : name;
    })
    .join(" or ");
}

function responseRows(doc: OpenApiDocument, responses: Record<string, Response>): ResponseRow[] {
  return Object.entries(responses).map(([status, raw]) => {
    const response = resolveResponse(doc, raw);
    const schema = Object.values(response.content ?? {})[0]?.schema;
    const isError = Number(status) >= 400;
    const bodyName = !isError && schema ? typeLabel(schema) : undefined;
    const target =
      schema && !isError
        ? schema.type === "array" && schema.items
          ? schema.items
          : schema
        : undefined;
    return {
      status,
      description: response.description ?? "",
      errorCode: isError ? ERROR_CODES[status] : undefined,
      bodyName,
      fields: target ? fieldRows(doc, target) : [],
    };
  });
}

/** The document grouped by tag, in the document's tag order, operations in path order. */
export function referenceView(doc: OpenApiDocument): TagView[] {
  const tags = new Map<string, TagView>();
  for (const tag of doc.tags ?? [])
    tags.set(tag.name, {
      id: anchor("tag", tag.name),
      name: tag.name,
      description: tag.description,
      operations: [],
    });
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tagName = operation.tags?.[0] ?? "Other";
      let tag = tags.get(tagName);
      if (!tag) {
        tag = { id: anchor("tag", tagName), name: tagName, operations: [] };
        tags.set(tagName, tag);
      }
      const parameters = operation.parameters ?? [];
      const body = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
      tag.operations.push({
        id: anchor(operation.operationId ?? `${method}-${path}`),
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? `${method.toUpperCase()} ${path}`,
        description: operation.description,
        auth: authLabel(doc, operation),
        parameters: parameters.map((p) => ({
          name: p.name,
          type: typeLabel(p.schema ?? {}),
          required: p.required ?? false,
          constraints: constraints(p.schema ?? {}),
          enumValues: enumValues(p.schema ?? {}),
          description: p.description ?? p.schema?.description,
        })),
        parameterLocations: Object.fromEntries(parameters.map((p) => [p.name, p.in])),
        body: fieldRows(doc, body),
        bodyRequired: operation.requestBody?.required ?? false,
        responses: responseRows(doc, operation.responses ?? {}),
      });
    }
  }
  return [...tags.values()].filter((t) => t.operations.length > 0);
}
