// The worker's liveness row in `worker_heartbeats`, read by the health page: upserted on start and
// every interval, and once more when the worker stops.
import { workerHeartbeats, type Db } from "@frontdesk/db";
import { sql } from "drizzle-orm";

export const HEARTBEAT_INTERVAL_MS = 15_000;

export interface HeartbeatInfo extends Record<string, unknown> {
  state: "running" | "stopped";
  queues: string[];
  pid: number;
  backend: string;
}

export async function writeHeartbeat(
  db: Db,
  beat: { workerId: string; startedAt: Date; info: HeartbeatInfo },
): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({
      workerId: beat.workerId,
      startedAt: beat.startedAt,
      lastSeenAt: sql`now()`,
      info: beat.info,
    })
    .onConflictDoUpdate({
      target: workerHeartbeats.workerId,
      set: { startedAt: beat.startedAt, lastSeenAt: sql`now()`, info: beat.info },
    });
}
