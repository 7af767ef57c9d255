// Resources: what can be booked, with its weekly availability (wall-clock windows in its time zone).
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { availabilityRules, resources, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { keyset, toPage, type Page } from "../pagination";
import { gateOptional, gateText } from "../phi-gate";
import type {
  AvailabilityWindow,
  createResourceInput,
  listResourcesInput,
  Resource,
  resourceIdInput,
  updateResourceInput,
} from "./schemas";
import { resourceColumns, type ResourceRow, hhmm, tenantSettings } from "./rows";

export async function availabilityOf(
  db: Db,
  resourceIds: string[],
): Promise<Map<string, AvailabilityWindow[]>> {
  const byResource = new Map<string, AvailabilityWindow[]>();
  if (resourceIds.length === 0) return byResource;
  const rows = await db
    .select({
      resourceId: availabilityRules.resourceId,
      weekday: availabilityRules.weekday,
      start: availabilityRules.startTime,
      end: availabilityRules.endTime,
    })
    .from(availabilityRules)
    .where(inArray(availabilityRules.resourceId, resourceIds))
    .orderBy(asc(availabilityRules.weekday), asc(availabilityRules.startTime));
  for (const row of rows) {
    const list = byResource.get(row.resourceId) ?? [];
    list.push({ weekday: row.weekday, start: hhmm(row.start), end: hhmm(row.end) });
    byResource.set(row.resourceId, list);
  }
  return byResource;
}

export async function withAvailability(db: Db, row: ResourceRow): Promise<Resource> {
  const availability = await availabilityOf(db, [row.id]);
  return { ...row, availability: availability.get(row.id) ?? [] };
}

async function replaceAvailability(
  db: Db,
  actor: Actor,
  resourceId: string,
  windows: AvailabilityWindow[],
): Promise<void> {
  await db.delete(availabilityRules).where(eq(availabilityRules.resourceId, resourceId));
  if (windows.length === 0) return;
  await db.insert(availabilityRules).values(
    windows.map((w) => ({
      tenantId: actor.tenantId,
      resourceId,
      weekday: w.weekday,
      startTime: `${w.start}:00`,
      endTime: `${w.end}:00`,
    })),
  );
}

/** The zone's canonical IANA name (`america/new_york` → `America/New_York`). */
function canonicalZone(timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

async function lockResource(db: Db, id: string): Promise<ResourceRow | undefined> {
  const [row] = await db
    .select(resourceColumns)
    .from(resources)
    .where(eq(resources.id, id))
    .for("no key update");
  return row;
}

export async function createResource(
  db: Db,
  actor: Actor,
  input: z.output<typeof createResourceInput>,
): Promise<Resource> {
  const id = randomUUID();
  const timeZone = canonicalZone(
    input.timeZone ?? (await tenantSettings(db, actor.tenantId)).timeZone,
  );
  const name = await gateText(
    db,
    actor,
    { table: "resources", field: "name", rowId: id },
    input.name,
  );
  const description = await gateOptional(
    db,
    actor,
    { table: "resources", field: "description", rowId: id },
    input.description,
  );
  const [row] = await db
    .insert(resources)
    .values({
      id,
      tenantId: actor.tenantId,
      name,
      description,
      timeZone,
      slotMinutes: input.slotMinutes,
      bufferMinutes: input.bufferMinutes ?? 0,
      minNoticeMinutes: input.minNoticeMinutes ?? 0,
    })
    .returning(resourceColumns);
  if (!row) throw new Error("insert returned no row");
  await replaceAvailability(db, actor, id, input.availability);
  return withAvailability(db, row);
}

export async function updateResource(
  db: Db,
  actor: Actor,
  input: z.output<typeof updateResourceInput>,
): Promise<Resource> {
  const current = await lockResource(db, input.id);
  if (!current) throw new AppError("NOT_FOUND", "Resource not found");
  const name =
    input.name === undefined
      ? undefined
      : await gateText(
          db,
          actor,
          { table: "resources", field: "name", rowId: input.id },
          input.name,
        );
  const description =
    input.description === undefined
      ? undefined
      : await gateOptional(
          db,
          actor,
          { table: "resources", field: "description", rowId: input.id },
          input.description,
        );
  const [row] = await db
    .update(resources)
    .set({
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(input.timeZone === undefined ? {} : { timeZone: canonicalZone(input.timeZone) }),
      ...(input.slotMinutes === undefined ? {} : { slotMinutes: input.slotMinutes }),
      ...(input.bufferMinutes === undefined ? {} : { bufferMinutes: input.bufferMinutes }),
      ...(input.minNoticeMinutes === undefined ? {} : { minNoticeMinutes: input.minNoticeMinutes }),
      updatedAt: sql`now()`,
    })
    .where(eq(resources.id, input.id))
    .returning(resourceColumns);
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  if (input.availability) await replaceAvailability(db, actor, input.id, input.availability);
  return withAvailability(db, row);
}

/** Archived resources drop out of lists and cannot be booked; their bookings stay as they are. */
export async function archiveResource(
  db: Db,
  _actor: Actor,
  input: z.output<typeof resourceIdInput>,
): Promise<Resource> {
  const [row] = await db
    .update(resources)
    .set({ archivedAt: sql`coalesce(${resources.archivedAt}, now())` })
    .where(eq(resources.id, input.id))
    .returning(resourceColumns);
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  return withAvailability(db, row);
}

export async function getResource(
  db: Db,
  _actor: Actor,
  input: z.output<typeof resourceIdInput>,
): Promise<Resource> {
  const [row] = await db.select(resourceColumns).from(resources).where(eq(resources.id, input.id));
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  return withAvailability(db, row);
}

export async function listResources(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listResourcesInput>,
): Promise<Page<Resource>> {
  const conditions: SQL[] = [];
  if (!input.includeArchived) conditions.push(isNull(resources.archivedAt));
  const keys = keyset(resources.createdAt, resources.id, input);
  const rows = await db
    .select({ ...resourceColumns, position: keys.position })
    .from(resources)
    .where(and(...conditions, keys.after))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  const availability = await availabilityOf(
    db,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map(({ position: _position, ...r }) => ({
      ...r,
      availability: availability.get(r.id) ?? [],
    })),
    nextCursor: page.nextCursor,
  };
}
