// Score configs: the per-tenant rules (kind, range, categories) scores of a name are validated against.
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { conversationScores, scoreConfigs, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { gateOptional, gateText } from "../phi-gate";
import { toConfig } from "./rows";
import type {
  ArchiveConfigInput,
  ListConfigsInput,
  ScoreConfig,
  UpsertConfigInput,
} from "./schemas";

/**
 * Creates or replaces the config `name` (omitted fields are cleared; an archived config is restored).
 * Its kind cannot change once scores use it: the row is locked first, so a concurrent `recordScore`
 * either sees the new kind or holds its lock until it has committed a score the check then sees.
 */
export async function upsertScoreConfig(
  db: Db,
  actor: Actor,
  given: UpsertConfigInput,
): Promise<ScoreConfig> {
  // The name and the categories are stored and shown: the tenant's text, so they pass the gate.
  const name = await gateText(db, actor, { table: "score_configs", field: "name" }, given.name);
  let categories: string[] | null = null;
  if (given.categories) {
    categories = [];
    for (const c of given.categories)
      categories.push(
        await gateText(db, actor, { table: "score_configs", field: "categories" }, c),
      );
  }
  const input = { ...given, name };
  const values = {
    kind: input.kind,
    minValue: input.min ?? null,
    maxValue: input.max ?? null,
    categories,
    archivedAt: null,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const [existing] = await db
      .select()
      .from(scoreConfigs)
      .where(and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, input.name)))
      .for("update");
    const id = existing?.id ?? randomUUID();
    const description = await gateOptional(
      db,
      actor,
      { table: "score_configs", field: "description", rowId: id },
      input.description,
    );
    if (existing) {
      if (existing.kind !== input.kind) {
        const [used] = await db
          .select({ id: conversationScores.id })
          .from(conversationScores)
          .where(
            and(eq(conversationScores.configId, existing.id), isNull(conversationScores.deletedAt)),
          )
          .limit(1);
        if (used) {
          throw new AppError(
            "CONFLICT",
            `Score config "${input.name}" already has ${existing.kind} scores, so its kind cannot change to ${input.kind}; use a new name`,
          );
        }
      }
      const [row] = await db
        .update(scoreConfigs)
        .set({ ...values, description })
        .where(eq(scoreConfigs.id, existing.id))
        .returning();
      if (!row) break;
      return toConfig(row);
    }
    const [row] = await db
      .insert(scoreConfigs)
      .values({ id, tenantId: actor.tenantId, name: input.name, ...values, description })
      .onConflictDoNothing({ target: [scoreConfigs.tenantId, scoreConfigs.name] })
      .returning();
    if (row) return toConfig(row);
    // Another request created it between our select and insert: lock it and update instead.
  }
  throw new AppError("CONFLICT", `Score config "${input.name}" changed concurrently; try again`);
}

export async function listScoreConfigs(
  db: Db,
  actor: Actor,
  input: ListConfigsInput,
): Promise<ScoreConfig[]> {
  const rows = await db
    .select()
    .from(scoreConfigs)
    .where(
      and(
        eq(scoreConfigs.tenantId, actor.tenantId),
        input.includeArchived ? undefined : isNull(scoreConfigs.archivedAt),
      ),
    )
    .orderBy(asc(scoreConfigs.name))
    .limit(1000);
  return rows.map(toConfig);
}

/** Archived configs stay attached to their scores but accept no new ones until upserted again. */
export async function archiveScoreConfig(
  db: Db,
  actor: Actor,
  input: ArchiveConfigInput,
): Promise<ScoreConfig> {
  const where = and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, input.name));
  const [archived] = await db
    .update(scoreConfigs)
    .set({ archivedAt: sql`now()` })
    .where(and(where, isNull(scoreConfigs.archivedAt)))
    .returning();
  if (archived) return toConfig(archived);
  const [already] = await db.select().from(scoreConfigs).where(where);
  if (already) return toConfig(already);
  throw new AppError("NOT_FOUND", "No score config has that name");
}
