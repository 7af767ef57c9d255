// A score's value checked against its config, and the caller's text in a score passed through the PHI gate.
import { and, eq } from "drizzle-orm";
import { scoreConfigs, type Db, type ScoreKind, isUuid } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { gateText } from "../phi-gate";
import type { ConfigRow } from "./rows";
import type { JsonObject, JsonValue, ScoreValue } from "./schemas";

interface ResolvedValue {
  kind: ScoreKind;
  numericValue: number | null;
  stringValue: string | null;
  booleanValue: boolean | null;
}

function inferKind(value: ScoreValue): ScoreKind {
  if (typeof value === "number") return "numeric";
  if (typeof value === "boolean") return "boolean";
  return "categorical";
}

export const KIND_NEEDS: Record<ScoreKind, string> = {
  numeric: "a number",
  categorical: "a string (one of its categories)",
  boolean: "true or false",
};

/** The value as stored, validated against `config` when there is one; BAD_REQUEST names the rule broken. */
export function resolveValue(
  name: string,
  config: ConfigRow | null,
  value: ScoreValue,
): ResolvedValue {
  const kind = config?.kind ?? inferKind(value);
  if (config) {
    if (inferKind(value) !== config.kind) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${name}" is ${config.kind} (per its config): the value must be ${KIND_NEEDS[config.kind]}`,
      );
    }
    if (typeof value === "number") {
      const { minValue: min, maxValue: max } = config;
      if ((min !== null && value < min) || (max !== null && value > max)) {
        const range =
          min !== null && max !== null
            ? `between ${min} and ${max}`
            : min !== null
              ? `at least ${min}`
              : `at most ${max ?? ""}`;
        throw new AppError("BAD_REQUEST", `Score "${name}" must be ${range} (per its config)`);
      }
    }
    if (typeof value === "string" && !(config.categories ?? []).includes(value)) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${name}" must be one of its config's categories: ${(config.categories ?? []).join(", ")}`,
      );
    }
  }
  if (typeof value === "number")
    return { kind, numericValue: value, stringValue: null, booleanValue: null };
  if (typeof value === "boolean")
    return { kind, numericValue: value ? 1 : 0, stringValue: null, booleanValue: value };
  return { kind, numericValue: null, stringValue: value, booleanValue: null };
}

/** The active config `name`, share-locked so its kind cannot change before this request commits. */
export async function activeConfig(db: Db, actor: Actor, name: string): Promise<ConfigRow | null> {
  const [config] = await db
    .select()
    .from(scoreConfigs)
    .where(and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, name)))
    .for("share");
  if (config?.archivedAt) {
    throw new AppError(
      "BAD_REQUEST",
      `Score config "${name}" is archived; upsert it again before recording "${name}" scores`,
    );
  }
  return config ?? null;
}

async function gateMetadata(
  db: Db,
  actor: Actor,
  rowId: string,
  value: JsonValue,
): Promise<JsonValue> {
  if (typeof value === "string")
    return gateText(db, actor, { table: "conversation_scores", field: "metadata", rowId }, value);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) out.push(await gateMetadata(db, actor, rowId, item));
    return out;
  }
  if (value !== null && typeof value === "object")
    return gateMetadataObject(db, actor, rowId, value);
  return value;
}

/**
 * Keys are the client's text as much as values are: each passes the gate too. Two keys masked alike
 * (`[SSN]`) stay apart as `[SSN]`, `[SSN] (2)`, … so no value is lost.
 */
export async function gateMetadataObject(
  db: Db,
  actor: Actor,
  rowId: string,
  value: JsonObject,
): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const masked = await gateText(
      db,
      actor,
      { table: "conversation_scores", field: "metadata_keys", rowId },
      k,
    );
    let key = masked;
    for (let n = 2; Object.hasOwn(out, key); n++) key = `${masked} (${n})`;
    out[key] = await gateMetadata(db, actor, rowId, v);
  }
  return out;
}

/**
 * The integrator's conversation id is stored and shown: a UUID cannot be an identifier and is kept
 * as given (its digit runs must not be mistaken for one); anything else passes the gate.
 */
export async function gateSessionId(
  db: Db,
  actor: Actor,
  rowId: string,
  sessionId: string,
): Promise<string> {
  if (isUuid(sessionId)) return sessionId;
  return gateText(
    db,
    actor,
    { table: "conversation_scores", field: "session_id", rowId },
    sessionId,
  );
}
