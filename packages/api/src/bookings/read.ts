// Reading bookings: one by id, and the keyset-paginated list.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { bookings, type Db } from "@frontdesk/db";
import { hasEffectiveStatus } from "./status";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { keyset, toPage, type Page } from "../pagination";
import type { Booking, bookingIdInput, listBookingsInput } from "./schemas";
import { bookingColumns, toBooking } from "./rows";

export async function getBooking(
  db: Db,
  _actor: Actor,
  input: z.output<typeof bookingIdInput>,
): Promise<Booking> {
  const [row] = await db.select(bookingColumns).from(bookings).where(eq(bookings.id, input.id));
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  return toBooking(row);
}

export async function listBookings(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listBookingsInput>,
): Promise<Page<Booking>> {
  const conditions: SQL[] = [];
  if (input.status) conditions.push(hasEffectiveStatus(input.status));
  if (input.resourceId) conditions.push(eq(bookings.resourceId, input.resourceId));
  if (input.from)
    conditions.push(sql`${bookings.startsAt} >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) conditions.push(sql`${bookings.startsAt} < ${input.to.toISOString()}::timestamptz`);
  const keys = keyset(bookings.startsAt, bookings.id, input);
  const rows = await db
    .select({ ...bookingColumns, position: keys.position })
    .from(bookings)
    .where(and(...conditions, keys.after))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  return {
    items: page.items.map(toBooking),
    nextCursor: page.nextCursor,
  };
}
