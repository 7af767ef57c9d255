// Liveness/readiness for load balancers: 200 when the database answers and carries exactly this
// build's migrations, else 503 — and nothing else (no errors, versions or counts). Operators get the
// platform's full report with `Authorization: Bearer <HEALTH_TOKEN>`.
import { healthResponse } from "@frontdesk/api";
import { configuredBackend, getDatabase } from "@/server/database";
import { env } from "@/env";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return healthResponse(request, {
    database: getDatabase,
    backend: configuredBackend(),
    operatorToken: env.HEALTH_TOKEN,
    logger,
  });
}
