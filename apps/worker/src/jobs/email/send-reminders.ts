// Queues booking reminders whose time has come (each tenant's `bookingReminderMinutes` before the
// booking). Exactly once per booking, across runs, retries and restarts: the reminder's dedupe key is
// written with the message in one transaction (packages/api/src/email/booking-notices.ts).
import { enqueueDueReminders } from "@frontdesk/api";
import type { JobHandler } from "../types";

export const queue = "email.send-reminders";
/** Every minute: a reminder goes out within a minute of its instant. */
export const cron = "* * * * *";

export const handler: JobHandler = async ({ db, logger }) => {
  const queued = await enqueueDueReminders(db, new Date());
  if (queued > 0) logger.info({ queued }, "booking reminders queued");
};
