// GET /api/health. Load balancers and uptime checks get the status only (200 `ok`, 503 `degraded`):
// an unauthenticated caller learns nothing about the database, the migrations or the platform's
// load. An operator who sends the configured token (`Authorization: Bearer <HEALTH_TOKEN>`) gets
// the platform-wide report: database, migrations, RLS, job queue, worker, Stripe events.
import { createHash, timingSafeEqual } from "node:crypto";
import { recentDatabaseUnavailability, type Backend, type Database } from "@frontdesk/db";
import { describeErrorForLog } from "../errors";
import type { Logger } from "../logger";
import {
  checkHealth,
  getOperatorHealth,
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
  /** How long to wait for the database to open before answering `starting` (HEALTH_STARTING_WAIT_MS). */
  startingWaitMs?: number;
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

/** A probe answers (degraded, `starting`) even while start-up — connecting, migrating — still runs. */
export const HEALTH_STARTING_WAIT_MS = 2_000;
const STILL_STARTING = Symbol("starting");

export async function healthResponse(
  request: Request,
  options: HealthRouteOptions,
): Promise<Response> {
  const operator = isHealthOperator(request.headers, options.operatorToken);
  const degraded = (starting: boolean): HealthReport => ({
    status: "degraded",
    database: {
      reachable: false,
      latencyMs: null,
      backend: options.backend,
      failuresLastMinute: recentDatabaseUnavailability(),
      ...(starting ? { starting } : {}),
    },
    migrations: { applied: null, expected: null, current: false },
  });
  let report: HealthReport | AdminHealthReport;
  let timer: NodeJS.Timeout | undefined;
  try {
    const database = await Promise.race([
      options.database(),
      new Promise<typeof STILL_STARTING>(
        (resolve) =>
          (timer = setTimeout(
            () => resolve(STILL_STARTING),
            options.startingWaitMs ?? HEALTH_STARTING_WAIT_MS,
          )),
      ),
    ]);
    if (database === STILL_STARTING) report = degraded(true);
    else
      report = operator
        ? await getOperatorHealth(database, options.check)
        : await checkHealth(database, options.check);
  } catch (error) {
    options.logger?.error({ err: describeErrorForLog(error) }, "health: database unavailable");
    report = degraded(false);
  } finally {
    clearTimeout(timer);
  }
  return Response.json(operator ? report : { status: report.status }, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
