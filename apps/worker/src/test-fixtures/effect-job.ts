// A job for the tests of worker processes (`worker-process.ts`): each run records its effect — a
// row in a scratch table — in one transaction, so a run that dies before committing leaves nothing
// and "effects once" is a row count. With `hang`, the run announces itself on stdout and then never
// finishes (its transaction stays open), to be killed or cut off by a drain limit.
import { sql } from "drizzle-orm";
import type { JobModule } from "../jobs/types";

export function effectJob(queue: string, table: string, options: { hang: boolean }): JobModule {
  return {
    queue,
    handler: async ({ db }, batch) => {
      for (const job of batch) {
        await db.transaction(async (tx) => {
          await tx.execute(
            sql`insert into ${sql.identifier(table)} (job_id, attempt, pid) values (${job.id}::uuid, ${job.retryCount}, ${process.pid})`,
          );
          if (options.hang) {
            process.stdout.write(`job-started ${job.id}\n`);
            await new Promise<never>(() => undefined);
          }
        });
      }
    },
  };
}
