// Liveness/readiness for load balancers and operators: 200 when the database answers and carries
// exactly this build's migrations, else 503. Reports nothing an attacker could use (no errors,
// no location, no versions).
import { checkHealth, describeErrorForLog, type HealthReport } from "@frontdesk/api";
import { configuredBackend, getDatabase } from "@/server/database";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

async function report(): Promise<HealthReport> {
  try {
    return await checkHealth(await getDatabase());
  } catch (error) {
    logger.error({ err: describeErrorForLog(error) }, "health: database unavailable");
    return {
      status: "degraded",
      database: { reachable: false, latencyMs: null, backend: configuredBackend() },
      migrations: { applied: null, expected: null, current: false },
    };
  }
}

export async function GET(): Promise<Response> {
  const body = await report();
  return Response.json(body, {
    status: body.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
