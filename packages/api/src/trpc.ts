// tRPC core: the request context, the tRPC instance, and the procedures every router builds on.
//
//   publicProcedure  no authentication (health pings)
//   authedProcedure  a signed-in user, no tenant yet (listing one's tenants, creating one)
//   tenantProcedure  a user acting in a tenant, or an API key: the policy map (policy.ts) decides
//                    who may call it; the procedure runs inside ONE withTenant transaction (RLS on),
//                    and a mutation writes its audit row in that same transaction.
//
// Error policy lives here and in errors.ts: services throw AppError (or let the driver throw), the
// mapping middleware turns that into a TRPCError, and the formatter makes sure no stack, SQL or
// internal message ever reaches a client.
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import {
  canLeadTransactions,
  LeadingStatement,
  PG_DEADLOCK_DETECTED,
  PG_SERIALIZATION_FAILURE,
  pgErrorCode,
  PoolAcquireTimeoutError,
  queryRows,
  withTenant,
  type ApiKeyScope,
  type Database,
  type Db,
  type Role,
  isUuid,
} from "@frontdesk/db";
import { transformer } from "@frontdesk/wire";
import {
  apiKeyHashOf,
  checkCountedKey,
  hasScope,
  keyCallStatement,
  knownKey,
  resolveApiKey,
  sameKey,
  roleAtLeast,
  touchApiKey,
  type Actor,
  type CountedKeyCall,
  type ResolvedApiKey,
} from "./actor";
import { writeAudit, type RequestInfo } from "./audit";
import { normalizeAddress } from "./client-address";
import {
  AppError,
  INTERNAL_ERROR_MESSAGE,
  describeErrorForLog,
  inputIssuesOf,
  toTRPCError,
} from "./errors";
import { createLogger, type Logger } from "./logger";
import type { PaymentProvider } from "./payments";
import { PhiBlockedError, recordBlockedPhiEvents } from "./phi-gate";
import { ruleFor } from "./policy";
import {
  consumeRateLimit,
  DEFAULT_RATE_LIMITS,
  enforceRateLimit,
  rateLimitWindow,
  type RateLimitConfig,
} from "./rate-limit";

/** The signed-in user as the web app's next-auth session gives it (the api package never imports Next). */
export interface SessionUser {
  userId: string;
}

export interface CreateContextOptions {
  database: Database;
  /** The incoming request's headers: `authorization: Bearer <key>`, `x-frontdesk-tenant`, `x-request-id`. */
  headers: Headers;
  /** The next-auth session's user, when the request carries a session cookie. */
  session?: SessionUser | null;
  /** The client's address as `clientAddress` decided it (anything but an IP address is dropped). */
  ip?: string | null;
  /**
   * The app's own origin (`https://console.example.com`): browsers are only ever sent back there
   * (billing return URLs). Null: no return URL is accepted.
   */
  appOrigin?: string | null;
  payments?: PaymentProvider | null;
  rateLimits?: RateLimitConfig;
  logger?: Logger;
  /**
   * Every call made with this context counts as ONE call against the signed-in user's rate limit:
   * the server render of a console page, one request from the browser however many queries it
   * prefetches. Unset (an HTTP batch), each call counts.
   */
  countCallsOnce?: boolean;
}

export type Authentication =
  | { kind: "none" }
  | { kind: "session"; userId: string; tenantId: string | null }
  /**
   * A Bearer key, not yet looked up: tenantProcedure resolves it (revocation and expiry included)
   * in the same statement that counts the call against its rate limit, so a request costs one
   * round trip for both, and procedures that need no key (ping) cost none.
   */
  | { kind: "api_key"; secretHash: string }
  /** A Bearer header was sent but cannot be a key: refused by every authenticated procedure. */
  | { kind: "invalid"; message: string };

export interface Context {
  /** Where services run their queries; inside tenantProcedure, the request's RLS transaction. */
  db: Db;
  database: Database;
  /** Correlates the client's error with the server log line; echoed as `x-request-id`. */
  requestId: string;
  headers: Headers;
  request: RequestInfo;
  auth: Authentication;
  payments: PaymentProvider | null;
  appOrigin: string | null;
  rateLimits: RateLimitConfig;
  logger: Logger;
  /**
   * The Bearer key, already resolved and one call counted against its rate limit by the transport's
   * check before it read a POST body (see unauthenticatedReason): the request's first tenant call
   * takes it instead of sending the same statement again, and sets this back to null. Every other
   * call of a batch resolves and counts the key itself.
   */
  countedKeyCall: CountedKeyCall | null;
  /**
   * With `countCallsOnce`: the count of the context's first session call, which every other call
   * awaits instead of counting again (its TOO_MANY_REQUESTS refuses them all), and the user's
   * membership role per tenant, read by the first call that needs it and taken by the others, as
   * one request reads it once. Null: each call counts and reads the role itself.
   */
  sessionCount: {
    counted: Promise<void> | null;
    roles: Map<string, Promise<Role | null>>;
  } | null;
}

// A caller-supplied id is only trusted if it is boring: it is stored in audit rows, PHI events and
// logs, so it must not be able to carry an identifier (an SSN, a card or phone number).
const TOKEN_ID = /^[\w-]{16,64}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  if (
    given &&
    (isUuid(given) || (TOKEN_ID.test(given) && /[A-Z]/i.test(given) && !/\d{3}/.test(given)))
  )
    return given;
  return randomUUID();
}

const defaultLogger = createLogger();

export async function createContext(options: CreateContextOptions): Promise<Context> {
  const { database, headers } = options;
  const requestId = requestIdFrom(headers);
  const auth = authenticate(headers, options.session ?? null);
  return {
    db: database.db,
    database,
    requestId,
    headers,
    request: { requestId, ip: normalizeAddress(options.ip), userAgent: headers.get("user-agent") },
    auth,
    payments: options.payments ?? null,
    appOrigin: options.appOrigin ?? null,
    rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
    logger: (options.logger ?? defaultLogger).child({ requestId }),
    countedKeyCall: null,
    sessionCount: options.countCallsOnce ? { counted: null, roles: new Map() } : null,
  };
}

const INVALID_KEY = "The API key is invalid, revoked or expired";

function authenticate(headers: Headers, session: SessionUser | null): Authentication {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1])
      return { kind: "invalid", message: "The Authorization header must be `Bearer <api key>`" };
    const secretHash = apiKeyHashOf(match[1]);
    return secretHash ? { kind: "api_key", secretHash } : { kind: "invalid", message: INVALID_KEY };
  }
  if (session && isUuid(session.userId)) {
    const tenant = headers.get("x-frontdesk-tenant");
    return {
      kind: "session",
      userId: session.userId,
      tenantId: tenant && isUuid(tenant) ? tenant : null,
    };
  }
  return { kind: "none" };
}

const t = initTRPC.context<Context>().create({
  // superjson on the wire; responses are serialized by a faster walker with identical output.
  transformer,
  // Outside production tRPC puts every error's stack in its shape, which the formatter below drops
  // anyway; reading `error.stack` formats it (through source maps under tsx and in tests), and a
  // booking stampede's 999 CONFLICTs spent ~4% of the server's CPU doing that for nothing.
  isDev: false,
  errorFormatter({ shape, error }) {
    // tRPC adds `data.stack` in development; stacks name files and sometimes carry SQL: drop it always.
    const { stack: _stack, ...data } = shape.data;
    const cause = error.cause instanceof AppError ? error.cause : undefined;
    const retryAfter = cause?.retryAfterSeconds;
    // Structured data for clients, so none has to parse `message` (a schema failure's message is
    // zod's JSON list): `appError` when a service threw (its message is written for people),
    // `inputIssues` when the input failed its schema (paths and messages, never the values).
    const structured = {
      appError: cause ? { code: cause.code, message: cause.message } : null,
      inputIssues: inputIssuesOf(error) ?? null,
    };
    return {
      ...shape,
      // An INTERNAL error's message is whatever was thrown (often the driver's text): never show it.
      message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : shape.message,
      data:
        retryAfter === undefined
          ? { ...data, ...structured }
          : { ...data, ...structured, retryAfter },
    };
  },
});

/**
 * In tRPC v11 `await next()` never throws: a failure comes back as `result.error`, with whatever the
 * procedure threw as its `cause`. Map it once here so every procedure gets the same taxonomy.
 */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error);
  if (mapped === result.error) return result;
  throw mapped;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** No authentication: health checks and sign-in helpers only. */
export const publicProcedure = t.procedure.use(errorMapping);

/** Counts a signed-in user's call against their rate limit (once per context with `countCallsOnce`). */
function countSessionCall(ctx: Context, userId: string): Promise<void> {
  const count = () => consumeRateLimit(ctx.database.db, `user:${userId}`, ctx.rateLimits.perUser);
  const shared = ctx.sessionCount;
  if (!shared) return count();
  shared.counted ??= count();
  return shared.counted;
}

/** A signed-in user, before a tenant is chosen. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.auth.kind !== "session") throw new AppError("UNAUTHORIZED", "Sign in to continue");
  await countSessionCall(ctx, ctx.auth.userId);
  return next({ ctx: { userId: ctx.auth.userId } });
});

/**
 * Thrown inside withTenant to roll back a failed procedure's transaction; the procedure's own error
 * is in its outcome. One instance serves every call: it carries nothing, and a new Error per failed
 * call captured a stack trace nobody reads (×999 in a booking stampede).
 */
class Rollback extends Error {}
const ROLLBACK = new Rollback("rolled back: the procedure failed");

const MAX_ATTEMPTS = 3;

/**
 * Tenant-scoped: authenticate, check the policy map, rate-limit, then run the procedure in one
 * withTenant transaction. A failed procedure rolls the transaction back (a failed request leaves the
 * database as it was); serialization failures and deadlocks are retried a bounded number of times.
 *
 * A query runs in a READ ONLY transaction (a query that tries to write fails, whatever its code
 * does) and is answered as soon as its result is read: COMMIT of a transaction that cannot have
 * written anything changes nothing, so the client does not wait for that round trip (the
 * connection returns to the pool once it is done).
 *
 * The credentials are checked BEFORE the transaction opens, on purpose: checking them on another
 * pooled connection while BEGIN travels would save a round trip, but a request would then hold one
 * connection while waiting for a second, and a burst as large as the pool deadlocks it. A read by a
 * key resolved before sends its resolution ahead of BEGIN on the transaction's own connection
 * instead, and answers only once it has confirmed the key (see readAhead).
 */
export const tenantProcedure = publicProcedure.use(async ({ ctx, next, path, type }) => {
  const rule = ruleFor(path);
  if (!rule) {
    // Fail closed: a procedure nobody wrote a rule for is nobody's to call.
    ctx.logger.error({ path }, "procedure has no policy rule");
    throw new AppError("FORBIDDEN", "This operation is not available");
  }
  const auth = ctx.auth;
  if (auth.kind === "none")
    throw new AppError("UNAUTHORIZED", "Sign in or send an API key (Authorization: Bearer <key>)");
  if (auth.kind === "invalid") throw new AppError("UNAUTHORIZED", auth.message);

  // Stable across the re-runs below (unlike anything made inside the loop), and per call rather than
  // per HTTP request, since a batch shares one context: services derive external idempotency keys from it.
  const callId = randomUUID();
  type Outcome = Awaited<ReturnType<typeof next<{ db: Db; actor: Actor; callId: string }>>>;

  let tenantId: string;
  let userId: string | null = null;
  let key: ResolvedApiKey | null = null;
  // The key's first call of this rate-limit minute records last_used_at (at most once a minute).
  let touchKey = false;
  if (auth.kind === "api_key") {
    // Taken synchronously, so of a batch's concurrent calls only one uses it.
    const counted = ctx.countedKeyCall;
    ctx.countedKeyCall = null;
    let resolved = counted;
    if (!resolved) {
      const guess =
        type === "query" && !rule.auditsReads && rule.scope !== null
          ? readAheadGuess(ctx, auth.secretHash, rule.scope, rule.replica)
          : undefined;
      if (guess) {
        const ahead = await readAhead(guess);
        if ("outcome" in ahead) return ahead.outcome;
        resolved = ahead.counted;
      } else {
        resolved = await resolveApiKey(ctx.database.db, auth.secretHash);
      }
    }
    const now = resolved.at;
    key = resolved.key;
    if (rule.scope === null)
      throw new AppError("FORBIDDEN", `${path} is only available to signed-in users`);
    if (!hasScope(key.scopes, rule.scope))
      throw new AppError("FORBIDDEN", `This API key lacks the ${rule.scope} scope`);
    enforceRateLimit(resolved.count, ctx.rateLimits.perApiKey, resolved.window, now);
    tenantId = key.tenantId;
    touchKey = resolved.count === 1;
  } else {
    if (!auth.tenantId)
      throw new AppError("BAD_REQUEST", "Choose a tenant (x-frontdesk-tenant header)");
    tenantId = auth.tenantId;
    userId = auth.userId;
    await countSessionCall(ctx, auth.userId);
  }
  // A query writes only a key's last-used stamp (at most once a minute) or, for PHI findings, the
  // audit row of its own read; those transactions stay read-write.
  const readOnly = type === "query" && !touchKey && !rule.auditsReads;
  // Replica-tolerant reads go to the streaming replica when one is configured and its breaker lets
  // them; a replica that fails to serve sends the call back through the loop to the primary.
  const replica = readOnly && rule.replica ? ctx.database.replica : undefined;
  let useReplica = replica !== undefined;
  // A session's membership is read on the primary even when the data comes from the replica: a
  // removed member must lose access on the next call, not after the replica replays the removal.
  let sessionActor: Actor | undefined;

  for (let attempt = 1; ; attempt++) {
    // Typed with the context this middleware adds, so procedures see `ctx.actor` and the RLS `ctx.db`.
    let outcome: Outcome | undefined;
    let answer: (result: Outcome) => void = () => undefined;
    const answered = new Promise<Outcome>((resolve) => (answer = resolve));
    let replicaDb: Db | null = null;
    try {
      if (useReplica && auth.kind === "session" && !sessionActor) {
        sessionActor = await withTenant(
          ctx.database.db,
          { tenantId, userId, readOnly: true },
          (tx) => memberActor(tx, ctx, tenantId, rule.role, path),
        );
      }
      replicaDb = useReplica ? (replica?.take() ?? null) : null;
      const transaction = withTenant(
        replicaDb ?? ctx.database.db,
        { tenantId, userId, readOnly },
        async (tx) => {
          let actor: Actor;
          let touched: Promise<{ error: unknown } | null> = Promise.resolve(null);
          if (key) {
            actor = {
              tenantId,
              type: "api_key",
              id: key.id,
              userId: null,
              role: null,
              scopes: key.scopes,
              requestId: ctx.requestId,
            };
            // Started, not awaited: it goes down the connection with the procedure's first query.
            // Its failure (if any) is the one to report: it aborts the transaction under the procedure.
            if (touchKey) {
              touched = touchApiKey(tx, key.id).then(
                () => null,
                (error: unknown) => ({ error }),
              );
            }
          } else if (replicaDb && sessionActor) {
            actor = sessionActor;
          } else {
            actor = await memberActor(tx, ctx, tenantId, rule.role, path);
          }
          outcome = await next({ ctx: { db: tx, actor, callId } });
          const touchFailed = await touched;
          if (touchFailed) throw touchFailed.error;
          if (!outcome.ok) throw ROLLBACK;
          if (readOnly) answer(outcome);
          if (type === "mutation") {
            await writeAudit(tx, actor, ctx.request, { action: path, ...auditTarget(outcome) });
          }
        },
      );
      if (readOnly) {
        const early = await Promise.race([answered, transaction.then(() => undefined)]);
        if (early) {
          if (replicaDb) replica?.report(null);
          transaction.catch((error: unknown) =>
            ctx.logger.warn(
              { path, err: describeErrorForLog(error) },
              "read-only transaction did not end cleanly after its answer",
            ),
          );
          return early;
        }
      }
      await transaction;
      if (replicaDb) replica?.report(null);
      if (!outcome) throw new Error("procedure produced no result");
      return outcome;
    } catch (error) {
      const failure =
        error instanceof Rollback && outcome && !outcome.ok ? outcome.error.cause : error;
      if (replicaDb && replica?.report(failure)) {
        // The replica is down (the breaker is now open): the same read, at once, on the primary.
        ctx.logger.warn(
          { path, err: describeErrorForLog(failure) },
          "read replica unavailable; reading from the primary",
        );
        useReplica = false;
        attempt--;
        continue;
      }
      // On a standby, 40001 is "canceling statement due to conflict with recovery" (replay needed the
      // rows it read): the retry below reads the primary rather than racing replay again.
      if (replicaDb && isRetryable(failure)) useReplica = false;
      if (error instanceof Rollback && outcome) {
        const cause = outcome.ok ? undefined : outcome.error.cause;
        if (attempt < MAX_ATTEMPTS && isRetryable(cause)) continue;
        if (isRetryable(cause))
          throw new AppError(
            "CONFLICT",
            "The request collided with a concurrent change; try again",
          );
        // A blocked write rolled back with its request; its (masked) PHI events must outlive it.
        if (cause instanceof PhiBlockedError) {
          await withTenant(ctx.database.db, { tenantId, userId }, (tx) =>
            recordBlockedPhiEvents(tx, cause),
          ).catch((e: unknown) =>
            ctx.logger.error(
              { path, err: describeErrorForLog(e) },
              "could not record blocked PHI events",
            ),
          );
        }
        return outcome;
      }
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      if (isRetryable(error))
        throw new AppError("CONFLICT", "The request collided with a concurrent change; try again");
      throw error;
    }
  }

  /**
   * A read by a key this process has resolved before: the key is resolved and counted by a statement
   * of its own written ahead of BEGIN on the transaction's connection (withTenant's `leading`), and
   * the transaction is opened for the tenant the key belonged to then, so the read costs one round
   * trip, not two. Its answer only leaves once that resolution confirms the guess for this very call:
   * the same key, tenant and scopes, usable (not revoked, expired or past its grace period), within
   * its rate limit, and not the key's first call of the minute (that one records last_used_at, in a
   * read-write transaction). Anything else rolls the read back unseen, and the call goes the usual way
   * with the count already taken — the same refusals and the same count as resolving first.
   */
  async function readAhead(
    guess: ResolvedApiKey,
  ): Promise<{ outcome: Outcome } | { counted: CountedKeyCall }> {
    if (auth.kind !== "api_key") throw new Error("readAhead needs an API key");
    const secretHash = auth.secretHash;
    const now = new Date();
    const window = rateLimitWindow(now);
    const leading = new LeadingStatement(keyCallStatement(secretHash, window));
    const check = leading.result.then(([row]) => checkCountedKey(row, secretHash, window, now));
    check.catch(() => undefined);
    const confirms = (call: CountedKeyCall) =>
      sameKey(call.key, guess) && call.count > 1 && call.count <= ctx.rateLimits.perApiKey;
    const actor: Actor = {
      tenantId: guess.tenantId,
      type: "api_key",
      id: guess.id,
      userId: null,
      role: null,
      scopes: guess.scopes,
      requestId: ctx.requestId,
    };
    let outcome: Outcome | undefined;
    let unconfirmed: CountedKeyCall | undefined;
    let answer: (result: Outcome) => void = () => undefined;
    const answered = new Promise<Outcome>((resolve) => (answer = resolve));
    const transaction = withTenant(
      ctx.database.db,
      { tenantId: guess.tenantId, userId: null, readOnly: true, leading },
      async (tx) => {
        outcome = await next({ ctx: { db: tx, actor, callId } });
        const call = await check;
        if (!confirms(call)) {
          unconfirmed = call;
          throw ROLLBACK;
        }
        if (!outcome.ok) throw ROLLBACK;
        answer(outcome);
      },
    );
    try {
      const early = await Promise.race([answered, transaction.then(() => undefined)]);
      if (!early) throw new Error("procedure produced no result");
      transaction.catch((error: unknown) =>
        ctx.logger.warn(
          { path, err: describeErrorForLog(error) },
          "read-only transaction did not end cleanly after its answer",
        ),
      );
      return { outcome: early };
    } catch (error) {
      if (error === ROLLBACK && unconfirmed) return { counted: unconfirmed };
      if (error === ROLLBACK && outcome && !outcome.ok) {
        // Confirmed (the rollback came after the check): the procedure's own failure, retried the
        // usual way when the database asks for it.
        if (isRetryable(outcome.error.cause)) return { counted: await check };
        return { outcome };
      }
      // The pool had no connection in time: the statement ahead of BEGIN still waits for one.
      if (error instanceof PoolAcquireTimeoutError) throw error;
      // The key's own refusal (or its statement's failure) comes first, as when it is resolved first.
      const call = await check;
      if (!confirms(call) || isRetryable(error)) return { counted: call };
      throw error;
    }
  }
});

/**
 * The key as this process last resolved it, when a read may be opened on that guess (see readAhead):
 * PostgreSQL's primary (where the statement ahead of BEGIN can travel; reads a replica would serve
 * are left to it), a key whose last known scopes allow the call and whose last known count leaves
 * room in this minute's window (a key over its limit is refused after one statement, not after a read).
 */
function readAheadGuess(
  ctx: Context,
  secretHash: string,
  scope: ApiKeyScope,
  replicaTolerant: boolean | undefined,
): ResolvedApiKey | undefined {
  if (!canLeadTransactions(ctx.database.db) || (replicaTolerant && ctx.database.replica))
    return undefined;
  const known = knownKey(secretHash);
  if (!known || !hasScope(known.key.scopes, scope)) return undefined;
  const windowStart = rateLimitWindow(new Date()).start.getTime();
  if (known.windowStart === windowStart && known.count >= ctx.rateLimits.perApiKey)
    return undefined;
  return known.key;
}

function isRetryable(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK_DETECTED;
}

/** A signed-in user inside the tenant transaction: their role comes from their membership (RLS-scoped). */
async function memberActor(
  tx: Db,
  ctx: Context,
  tenantId: string,
  minimum: Role,
  path: string,
): Promise<Actor> {
  const auth = ctx.auth;
  if (auth.kind !== "session") throw new AppError("UNAUTHORIZED", "Sign in to continue");
  const role = await memberRole(tx, ctx, auth.userId, tenantId);
  if (!role) throw new AppError("FORBIDDEN", "You are not a member of this tenant");
  if (!roleAtLeast(role, minimum)) {
    throw new AppError("FORBIDDEN", `${path} needs the ${minimum} role or higher; you are ${role}`);
  }
  return {
    tenantId,
    type: "user",
    id: auth.userId,
    userId: auth.userId,
    role,
    scopes: null,
    requestId: ctx.requestId,
  };
}

/**
 * The user's role in the tenant of `tx` (RLS-scoped), or null for no membership. A page render's
 * calls (a countCallsOnce context) share one read: the dashboard's ten prefetches read it once
 * instead of ten times. A call that finds the shared read failed reads again in its own transaction.
 */
async function memberRole(
  tx: Db,
  ctx: Context,
  userId: string,
  tenantId: string,
): Promise<Role | null> {
  const read = async (): Promise<Role | null> => {
    const [membership] = await queryRows<{ role: Role }>(
      tx,
      sql`select role from memberships where user_id = ${userId}`,
    );
    return membership?.role ?? null;
  };
  const roles = ctx.sessionCount?.roles;
  if (!roles) return read();
  const shared = roles.get(tenantId);
  if (!shared) {
    const mine = read();
    roles.set(tenantId, mine);
    mine.catch(() => roles.delete(tenantId));
    return mine;
  }
  return shared.catch(read);
}

function auditTarget(outcome: { ok: true; data: unknown }): { targetId?: string } {
  const data = outcome.data;
  if (data && typeof data === "object" && "id" in data && typeof data.id === "string")
    return { targetId: data.id };
  return {};
}

export type TenantContext = Context & { actor: Actor; callId: string };
export { TRPCError };
