// GET /api/health. Load balancers and uptime checks get the status only (200 `ok`, 503 `degraded`):
// an unauthenticated caller learns nothing about the database, the migrations or the platform's
// load. An operator who sends the configured token (`Authorization: Bearer <HEALTH_TOKEN>`) gets
// the platform-wide report: database, migrations, RLS, job queue, worker, Stripe events.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Backend, Database } from "@frontdesk/db";
import { describeErrorForLog } from "../errors";
import type { Logger } from "../logger";
import {
  checkHealth,
  operatorHealth,
  type AdminHealthReport,
  type CheckHealthOptions,
  type HealthReport,
} from "./service";

export interface HealthRouteOptions {
  /** Opens (or returns) the database; a failure is answered as `degraded`. */
  database: () => Promise<Database>;
  /** Reported when the database cannot be opened. */
  backend: Backend;
  /** The operator token (HEALTH_TOKEN). Unset: nobody gets details. */
  operatorToken?: string | null;
  logger?: Logger;
  check?: CheckHealthOptions;
}

/** The request carries the operator token; compared in constant time (over fixed-length digests). */
export function isHealthOperator(headers: Headers, token: string | null | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization")?.trim() ?? "");
  if (!match?.[1]) return false;
  const given = createHash("sha256").update(match[1], "utf8").digest();
  const expected = createHash("sha256").update(token, "utf8").digest();
  return timingSafeEqual(given, expected);
}

export async function healthResponse(request: Request, options: HealthRouteOptions): Promise<Response> {
  const operator = isHealthOperator(request.headers, options.operatorToken);
  let report: HealthReport | AdminHealthReport;
  try {
    const database = await options.database();
    report = operator
      ? await operatorHealth(database, options.check)
      : await checkHealth(database, options.check);
  } catch (error) {
    options.logger?.error({ err: describeErrorForLog(error) }, "health: database unavailable");
    report = {
      status: "degraded",
      database: { reachable: false, latencyMs: null, backend: options.backend },
      migrations: { applied: null, expected: null, current: false },
    };
  }
  return Response.json(operator ? report : { status: report.status }, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
