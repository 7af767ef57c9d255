// Public surface of @frontdesk/api: the router and its types for the web app and the SDK, the
// context factory for transports, and the services the worker and /api/health call directly.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { appRouter, type AppRouter } from "./root";
import { createCallerFactory } from "./trpc";

export { appRouter, type AppRouter };
export {
  createContext,
  requestIdFrom,
  type Context,
  type CreateContextOptions,
  type SessionUser,
  type Authentication,
} from "./trpc";
// The procedure builders: what every router here is made of, and what tools that walk the router
// (the generated sweeps in @frontdesk/testing) tell the gates apart by.
export { publicProcedure, authedProcedure, tenantProcedure } from "./trpc";
export { PHI_FIELD_KINDS, type PhiFieldKind } from "./phi-fields";
export { POLICY, ruleFor, type Rule, type PolicyMap } from "./policy";
export type { Actor } from "./actor";
export type { PaymentProvider, CreatePaymentInput, CreatedPayment } from "./payments";
export { PLAN_LIMITS, recordUsage } from "./usage";
export {
  AppError,
  APP_ERROR_CODES,
  toTRPCError,
  describeErrorForLog,
  databaseUnavailableError,
  DATABASE_RETRY_AFTER_SECONDS,
  type AppErrorCode,
  type LoggedError,
} from "./errors";
export { createLogger, type Logger } from "./logger";
export {
  checkHealth,
  getOperatorHealth,
  type CheckHealthOptions,
  type HealthReport,
} from "./health/service";
export { healthResponse, isHealthOperator, type HealthRouteOptions } from "./health/route";
export {
  createRequestErrorLogger,
  type FailedCall,
  type RequestErrorLoggerOptions,
} from "./request-log";

/** Calls procedures in-process, e.g. `createCaller(await createContext({ database, headers }))`. */
export const createCaller = createCallerFactory(appRouter);

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export {
  BodyReadGate,
  type BodyReadGateOptions,
  bodyLimitFor,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_READ_BUDGET_BYTES,
  MAX_REQUEST_BODY_BYTES,
  PROCEDURE_BODY_LIMITS,
  readRequestBody,
  trpcErrorResponse,
} from "./http";
export { createTrpcHttpHandler, MAX_BATCH_SIZE, type TrpcHttpHandlerOptions } from "./http-handler";
export { applyPaymentEvent } from "./orders/payment-events";
export {
  expireUnpaidOrders,
  expireUnpaidOrder,
  listOrdersToExpire,
  type ExpireOutcome,
} from "./orders/expiry";
export { formatMoney } from "./orders/money";
export { acceptInvitation } from "./platform/members/service";
export { previewInvitation, type InvitationPreview } from "./platform/members/invitation-preview";
export { createTenantWithOwner, EMAIL_TAKEN_MESSAGE } from "./platform/tenant/create";
export {
  createTenantWithOwnerInput,
  newAccountInput,
  newTenantInput,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  type CreateTenantWithOwnerInput,
  type NewAccountInput,
  type NewTenantInput,
  type CreatedTenant,
} from "./platform/tenant/schemas";
export type { AdminHealthReport } from "./health/service";
export {
  rollupMetricsHourly,
  markRangeDirty,
  markHoursDirty,
  type RollupOptions,
  type RollupResult,
} from "./metrics/rollup";
export {
  StripePaymentProvider,
  createPaymentProviderFromEnv,
  type StripeReader,
} from "./payments/stripe";
export { ingestStripeWebhook, processStripeEvent, sweepStripeEvents } from "./payments/webhook";
export { consumeRateLimit, DEFAULT_RATE_LIMITS, type RateLimitConfig } from "./rate-limit";
export { emitWebhookEvent } from "./webhooks/emit";
export {
  deliverDue,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  type DispatchOptions,
  type DispatchResult,
} from "./webhooks/dispatch";
export { sendWebhook, refusalOf, type SendPolicy, type SendResult } from "./webhooks/sender";
export { webhookPolicyFromEnv } from "./webhooks/config";
export { expireDueHolds } from "./bookings/expiry";
export {
  clientAddress,
  normalizeAddress,
  parseTrustedProxies,
  NO_TRUSTED_PROXIES,
  type ClientAddressInput,
  type TrustedProxies,
} from "./client-address";
export {
  ACCOUNT_FAILURE_LIMIT,
  ACCOUNT_FAILURE_WINDOW_MS,
  beginSignInAttempt,
  forgiveSignInAttempts,
  signInAccountKey,
  type SignInAttempt,
} from "./sign-in-limit";
export {
  currentSessionVersion,
  endAllSessions,
  endOtherSessions,
  revokeSession,
  sessionIsCurrent,
  type SessionClaims,
} from "./sessions";
export {
  MAX_REDIRECT_TARGET_LENGTH,
  originOf,
  safeRedirectPath,
  sameOriginUrl,
} from "./redirect-target";
export { seedPhiDemo, type PhiDemoResult } from "./demo/phi-demo";
export {
  createRestHandler,
  problemResponse,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type RestHandlerOptions,
} from "./rest/handler";
export { openApiDocumentJson, buildOpenApiDocument } from "./rest/document";
export { REST_BASE_PATH, REST_ROUTES, restRoutes, type RestRoute } from "./rest/routes";
export * from "./email";
export * from "./accounts";
