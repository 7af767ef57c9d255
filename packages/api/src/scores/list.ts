// Reading scores: a keyset-paginated list and one by id.
import { and, asc, desc, eq, gte, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { conversationScores, type Db, isUuid } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { decodeCursor, toPage, type Page } from "../pagination";
import { toScore, type ScoreRow } from "./rows";
import type { ListScoresArgs, Score, ScoreIdInput } from "./schemas";

/** created_at with its microseconds, so the keyset cursor never skips or repeats rows in the same millisecond. */
const cursorText = sql<string>`to_char(${conversationScores.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function list(db: Db, actor: Actor, input: ListScoresArgs): Promise<Page<Score>> {
  const t = conversationScores;
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
  ];
  const newest = input.order === "newest";
  if (input.cursor) {
    const position = decodeCursor(input.cursor);
    if (!isUuid(position.id) || Number.isNaN(Date.parse(position.value))) {
      throw new AppError(
        "BAD_REQUEST",
        "The cursor is not valid; pass back the nextCursor of a previous page",
      );
    }
    filters.push(
      newest
        ? sql`(${t.createdAt}, ${t.id}) < (${position.value}::timestamptz, ${position.id}::uuid)`
        : sql`(${t.createdAt}, ${t.id}) > (${position.value}::timestamptz, ${position.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ row: t, cursor: cursorText })
    .from(t)
    .where(and(...filters))
    .orderBy(...(newest ? [desc(t.createdAt), desc(t.id)] : [asc(t.createdAt), asc(t.id)]))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.cursor, id: r.row.id }));
  return { items: page.items.map((r) => toScore(r.row)), nextCursor: page.nextCursor };
}

export async function liveRow(db: Db, actor: Actor, id: string, lock: boolean): Promise<ScoreRow> {
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

export async function get(db: Db, actor: Actor, input: ScoreIdInput): Promise<Score> {
  return toScore(await liveRow(db, actor, input.id, false));
}
