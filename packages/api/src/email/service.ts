// The `email` procedures: a tenant admin sends a dead message again once the relay is fixed (the
// Health page lists them). Runs in the request's RLS transaction: only the tenant's own messages
// exist here, and account mail (no tenant) never does.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { queryRows, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { DEAD_EMAIL_GRACE_DAYS, DIGEST_PATTERN } from "./retention";
import type { resendEmailInput, ResendEmailOutput } from "./schemas";

/**
 * Queues a dead message again, with a fresh set of attempts. Refused (CONFLICT) for a message that is
 * not dead, and for one dead longer than DEAD_EMAIL_GRACE_DAYS, whose address is (or is about to be)
 * erased. The caller's audit row records who did it.
 */
export async function resendDeadEmail(
  db: Db,
  _actor: Actor,
  input: z.output<typeof resendEmailInput>,
): Promise<ResendEmailOutput> {
  const [row] = await queryRows<{ status: string; resendable: boolean }>(
    db,
    sql`select status,
               (to_address not like ${DIGEST_PATTERN}
                and updated_at >= now() - make_interval(days => ${DEAD_EMAIL_GRACE_DAYS}::int)) as resendable
        from email_messages where id = ${input.id}::uuid for update`,
  );
  if (!row) throw new AppError("NOT_FOUND", "Email message not found");
  if (row.status !== "dead") {
    throw new AppError(
      "CONFLICT",
      `This message is ${row.status}; only a dead message (one that failed every attempt) can be sent again`,
    );
  }
  if (!row.resendable) {
    throw new AppError(
      "CONFLICT",
      `This message failed more than ${DEAD_EMAIL_GRACE_DAYS} days ago and its recipient's address has been erased; it can no longer be sent`,
    );
  }
  await db.execute(
    sql`update email_messages set status = 'pending', attempts = 0, available_at = now(), last_error = null
        where id = ${input.id}::uuid`,
  );
  return { id: input.id, status: "pending" };
}
