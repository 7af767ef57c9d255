// Correcting scores: a new value or comment (the previous value audited), and soft deletion.
import { and, eq, isNull, sql } from "drizzle-orm";
import { conversationScores, scoreConfigs, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { writeAudit } from "../audit";
import { AppError } from "../errors";
import { gateOptional, gateText } from "../phi-gate";
import { liveScoreRow } from "./list";
import { toScore, valueOf, type ConfigRow } from "./rows";
import type { Score, ScoreIdInput, UpdateScoreInput } from "./schemas";
import { KIND_NEEDS, resolveValue } from "./values";

/**
 * Corrects a score's value and/or comment. The value is re-validated against the score's config (or
 * must keep its kind when it has none); the previous value goes to the audit log (the comment only
 * as "changed": it is free text). Rubric scores are computed: their value cannot be edited.
 */
export async function updateScore(db: Db, actor: Actor, input: UpdateScoreInput): Promise<Score> {
  const row = await liveScoreRow(db, actor, input.id, true);
  const changes: Partial<typeof conversationScores.$inferInsert> = {};
  if (input.value !== undefined) {
    if (row.source === "rubric") {
      throw new AppError(
        "BAD_REQUEST",
        "A rubric score's value is computed and cannot be edited; record an annotation score instead",
      );
    }
    let config: ConfigRow | null = null;
    if (row.configId) {
      [config = null] = await db
        .select()
        .from(scoreConfigs)
        .where(eq(scoreConfigs.id, row.configId))
        .for("share");
    }
    const resolved = resolveValue(row.name, config, input.value);
    if (resolved.kind !== row.kind) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${row.name}" is ${row.kind}: the value must be ${KIND_NEEDS[row.kind]}`,
      );
    }
    Object.assign(changes, resolved);
    if (resolved.stringValue !== null && !config) {
      changes.stringValue = await gateText(
        db,
        actor,
        { table: "conversation_scores", field: "string_value", rowId: row.id },
        resolved.stringValue,
      );
    }
  }
  if (input.comment !== undefined) {
    changes.comment = await gateOptional(
      db,
      actor,
      { table: "conversation_scores", field: "comment", rowId: row.id },
      input.comment,
    );
  }
  const [updated] = await db
    .update(conversationScores)
    .set(changes)
    .where(eq(conversationScores.id, row.id))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "Score not found");
  await writeAudit(
    db,
    actor,
    { requestId: actor.requestId, ip: null, userAgent: null },
    {
      action: "scores.update.history",
      targetType: "conversation_score",
      targetId: row.id,
      metadata: {
        kind: row.kind,
        previousValue: valueOf(row),
        newValue: valueOf(updated),
        commentChanged: input.comment !== undefined && input.comment !== row.comment,
      },
    },
  );
  return toScore(updated);
}

/** Soft delete: the row stays (auditable) but leaves lists, gets and summaries. */
export async function deleteScore(db: Db, actor: Actor, input: ScoreIdInput): Promise<Score> {
  const [row] = await db
    .update(conversationScores)
    .set({ deletedAt: sql`now()` })
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.id, input.id),
        isNull(conversationScores.deletedAt),
      ),
    )
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Score not found");
  return toScore(row);
}
