// Recording scores: one from the caller (`recordScore`), or the rubric's score of a conversation
// (`scoreConversation`); both idempotent on the caller's key.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { conversationScores, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { gateOptional, gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { emitWebhookEvent } from "../webhooks/emit";
import { scoreConversationRubric } from "./rubric";
import { toScore, type ScoreRow } from "./rows";
import type { RecordScoreArgs, Score, ScoreConversationArgs } from "./schemas";
import { activeConfig, gateMetadataObject, gateSessionId, resolveValue } from "./values";

export const CONVERSATION_QUALITY = "conversation_quality";

async function findByIdempotencyKey(
  db: Db,
  actor: Actor,
  key: string,
): Promise<ScoreRow | undefined> {
  const [row] = await db
    .select()
    .from(conversationScores)
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.idempotencyKey, key),
      ),
    );
  return row;
}

type NewScore = Omit<
  typeof conversationScores.$inferInsert,
  "tenantId" | "authorUserId" | "authorApiKeyId" | "requestHash"
> & { id: string };

/**
 * Inserts a score; with an idempotency key, a concurrent twin that committed first wins and is
 * returned (or CONFLICT when its input differed). Usage is counted only for a row actually inserted.
 */
async function insertScore(db: Db, actor: Actor, score: NewScore, hash: string): Promise<Score> {
  const [row] = await db
    .insert(conversationScores)
    .values({
      ...score,
      tenantId: actor.tenantId,
      authorUserId: actor.userId,
      authorApiKeyId: actor.type === "api_key" ? actor.id : null,
      requestHash: score.idempotencyKey ? hash : null,
    })
    .onConflictDoNothing({
      target: [conversationScores.tenantId, conversationScores.idempotencyKey],
      where: sql`${conversationScores.idempotencyKey} is not null`,
    })
    .returning();
  if (row) {
    await recordUsage(db, actor.tenantId, "scores");
    const created = toScore(row);
    await emitWebhookEvent(db, actor.tenantId, "score.recorded", { score: created });
    return created;
  }
  const existing = score.idempotencyKey
    ? await findByIdempotencyKey(db, actor, score.idempotencyKey)
    : undefined;
  if (!existing)
    throw new AppError("CONFLICT", "The request collided with a concurrent change; try again");
  assertSameRequest(existing.requestHash, hash, "score");
  return toScore(existing);
}

/** An earlier score with this idempotency key (the same request retried), or undefined. */
async function replay(
  db: Db,
  actor: Actor,
  key: string | undefined,
  hash: string,
): Promise<Score | undefined> {
  if (!key) return undefined;
  const existing = await findByIdempotencyKey(db, actor, key);
  if (!existing) return undefined;
  assertSameRequest(existing.requestHash, hash, "score");
  return toScore(existing);
}

export async function recordScore(db: Db, actor: Actor, given: RecordScoreArgs): Promise<Score> {
  const input = withStoredKey(given);
  const hash = requestHash({ procedure: "scores.record", ...input });
  const earlier = await replay(db, actor, input.idempotencyKey, hash);
  if (earlier) return earlier;
  if (input.source === "annotation" && actor.type !== "user") {
    throw new AppError(
      "FORBIDDEN",
      'Annotation scores come from signed-in users; an API key can record source "api" or "end_user"',
    );
  }
  const id = randomUUID();
  const name = await gateText(
    db,
    actor,
    { table: "conversation_scores", field: "name", rowId: id },
    input.name,
  );
  const sessionId = await gateSessionId(db, actor, id, input.sessionId);
  const config = await activeConfig(db, actor, name);
  const resolved = resolveValue(name, config, input.value);
  // A categorical value without a config constraining it is free text: it goes through the gate too.
  const stringValue =
    resolved.stringValue !== null && !config
      ? await gateText(
          db,
          actor,
          { table: "conversation_scores", field: "string_value", rowId: id },
          resolved.stringValue,
        )
      : resolved.stringValue;
  const comment = await gateOptional(
    db,
    actor,
    { table: "conversation_scores", field: "comment", rowId: id },
    input.comment,
  );
  // Keys were checked by the schema (no __proto__/constructor), so plain assignment is safe.
  const metadata = await gateMetadataObject(db, actor, id, input.metadata ?? {});
  return insertScore(
    db,
    actor,
    {
      id,
      sessionId,
      configId: config?.id ?? null,
      name,
      ...resolved,
      stringValue,
      source: input.source,
      comment,
      metadata,
      breakdown: null,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    hash,
  );
}

/**
 * Scores a conversation with the rubric (rubric.ts) as `conversation_quality` (numeric 0..100,
 * source "rubric"). Only the numeric breakdown is stored, never the messages.
 */
export async function scoreConversation(
  db: Db,
  actor: Actor,
  given: ScoreConversationArgs,
): Promise<Score> {
  const input = withStoredKey(given);
  const hash = requestHash({ procedure: "scores.scoreConversation", ...input });
  const earlier = await replay(db, actor, input.idempotencyKey, hash);
  if (earlier) return earlier;
  const breakdown = scoreConversationRubric(input.messages, input.feedback);
  const config = await activeConfig(db, actor, CONVERSATION_QUALITY);
  const resolved = resolveValue(CONVERSATION_QUALITY, config, breakdown.score);
  const id = randomUUID();
  const sessionId = await gateSessionId(db, actor, id, input.sessionId);
  const comment = await gateOptional(
    db,
    actor,
    { table: "conversation_scores", field: "comment", rowId: id },
    input.feedback?.comment,
  );
  return insertScore(
    db,
    actor,
    {
      id,
      sessionId,
      configId: config?.id ?? null,
      name: CONVERSATION_QUALITY,
      ...resolved,
      source: "rubric",
      comment,
      metadata: {},
      breakdown,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    hash,
  );
}
