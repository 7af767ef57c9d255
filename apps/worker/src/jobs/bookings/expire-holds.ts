// Marks pending bookings whose hold has run out as `expired`, across every tenant (the worker
// connects as the owner role, which has BYPASSRLS). An expired hold already stops blocking its slot
// the moment it runs out (bookings.create expires a resource's stale holds itself); this keeps the
// stored status honest for lists and reports. Idempotent: a second run finds nothing to do.
import { expireDueHolds } from "@frontdesk/api";
import type { Db } from "@frontdesk/db";
import type { JobHandler } from "../types";

export const queue = "bookings.expire-holds";
/** Every minute. */
export const cron = "* * * * *";

/** Rows per statement, so one run never holds thousands of row locks at once. */
export const BATCH_SIZE = 1000;

/**
 * Expires every pending booking whose hold ended at or before now and returns how many it changed;
 * each expiry emits `booking.expired` to the tenant's webhooks in the same transaction.
 */
export function expireBookingHolds(db: Db, batchSize = BATCH_SIZE): Promise<number> {
  return expireDueHolds(db, batchSize);
}

export const handler: JobHandler = async ({ db, logger }) => {
  // One pass covers any number of queued runs.
  const expired = await expireBookingHolds(db);
  if (expired > 0) logger.info({ expired }, "booking holds expired");
};
