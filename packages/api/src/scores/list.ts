// Reading scores: a keyset-paginated list and one by id.
import { and, eq, gte, isNull, lt, lte, type SQL } from "drizzle-orm";
import { conversationScores, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { keyset, toPage, type Page } from "../pagination";
import { toScore, type ScoreRow } from "./rows";
import type { ListScoresArgs, Score, ScoreIdInput } from "./schemas";

export async function listScores(
  db: Db,
  actor: Actor,
  input: ListScoresArgs,
): Promise<Page<Score>> {
  const t = conversationScores;
  const keys = keyset(t.createdAt, t.id, {
    cursor: input.cursor,
    order: input.order === "newest" ? "desc" : "asc",
  });
  const filters: (SQL | undefined)[] = [
    eq(t.tenantId, actor.tenantId),
    isNull(t.deletedAt),
    input.sessionId === undefined ? undefined : eq(t.sessionId, input.sessionId),
    input.name === undefined ? undefined : eq(t.name, input.name),
    input.source === undefined ? undefined : eq(t.source, input.source),
    input.from === undefined ? undefined : gte(t.createdAt, input.from),
    input.to === undefined ? undefined : lt(t.createdAt, input.to),
    input.minValue === undefined ? undefined : gte(t.numericValue, input.minValue),
    input.maxValue === undefined ? undefined : lte(t.numericValue, input.maxValue),
    keys.after,
  ];
  const rows = await db
    .select({ row: t, position: keys.position })
    .from(t)
    .where(and(...filters))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.row.id }));
  return { items: page.items.map((r) => toScore(r.row)), nextCursor: page.nextCursor };
}

export async function liveScoreRow(
  db: Db,
  actor: Actor,
  id: string,
  lock: boolean,
): Promise<ScoreRow> {
  const query = db
    .select()
    .from(conversationScores)
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.id, id),
        isNull(conversationScores.deletedAt),
      ),
    );
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Score not found");
  return row;
}

export async function getScore(db: Db, actor: Actor, input: ScoreIdInput): Promise<Score> {
  return toScore(await liveScoreRow(db, actor, input.id, false));
}
