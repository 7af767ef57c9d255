// Liveness/readiness for load balancers: 200 when the database answers and carries exactly this
// build's migrations, else 503 — and nothing else (no errors, versions or counts). Operators get the
// platform's full report with `Authorization: Bearer <HEALTH_TOKEN>`.
import { healthResponse } from "@frontdesk/api";
import { configuredBackend, getDatabase } from "@/server/database";
import { env } from "@/env";
import { lifecycle } from "@/server/lifecycle";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  // Shutting down: take this replica out of the balancer at once.
  if (lifecycle().draining) {
    return Promise.resolve(
      Response.json(
        { status: "draining" },
        { status: 503, headers: { "cache-control": "no-store", "retry-after": "1" } },
      ),
    );
  }
  return healthResponse(request, {
    database: getDatabase,
    backend: configuredBackend(),
    operatorToken: env.HEALTH_TOKEN,
    logger,
  });
}
