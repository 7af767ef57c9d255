// The response bodies of the REST routes as zod schemas, for the OpenAPI document. Services return
// plain TypeScript types; `Agrees` below makes this file fail to type-check when a procedure's
// output (as the router infers it) and its schema here disagree, so the document cannot drift from
// what the API answers. Bodies are JSON: instants are ISO strings.
import { z } from "zod";
import { BOOKING_STATUSES, METRIC_KINDS, SCORE_KINDS, SCORE_SOURCES } from "@frontdesk/db";
import type { RouterOutputs } from "../index";
import { METRIC_AGGREGATIONS } from "../metrics/schemas";
import { phiEventOutput, policyOutput, scanOutput, statsOutput } from "../phi/schemas";
import type { Jsonify, Same } from "../type-agreement";
import { webhookOrder, webhookRefund } from "../webhooks/events";

const instant = z.iso.datetime({ offset: true });
const uuid = z.uuid();

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass back as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });

// ---- bookings ----

export const resourceOutput = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string().nullable(),
    timeZone: z.string(),
    slotMinutes: z.number().int(),
    bufferMinutes: z.number().int(),
    minNoticeMinutes: z.number().int(),
    availability: z.array(
      z.object({ weekday: z.number().int(), start: z.string(), end: z.string() }),
    ),
    archivedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Resource" });

export const slotOutput = z
  .object({ slotId: z.string(), start: instant, end: instant, available: z.boolean() })
  .meta({ id: "Slot" });

export const bookingOutput = z
  .object({
    id: uuid,
    resourceId: uuid,
    slotId: z.string(),
    start: instant,
    end: instant,
    status: z.enum(BOOKING_STATUSES),
    attendee: z.object({ name: z.string(), email: z.string() }),
    notes: z.string().nullable(),
    holdExpiresAt: instant.nullable(),
    rescheduledFromId: uuid.nullable(),
    rescheduledToId: uuid.nullable(),
    cancelReason: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Booking" });

// ---- orders ----

export const orderOutput = webhookOrder
  .extend({
    /** Only in the response that created the payment; null on replays and reads. */
    payment: z.object({ provider: z.literal("stripe"), clientSecret: z.string() }).nullable(),
  })
  .meta({ id: "Order" });

const refundOutput = webhookRefund.meta({ id: "Refund" });

export const orderWithRefundsOutput = orderOutput
  .extend({ refunds: z.array(refundOutput) })
  .meta({ id: "OrderWithRefunds" });

export const orderPageOutput = page(orderOutput).extend({
  /** Per-currency totals of everything the filter matches (first page by default). */
  totals: z
    .array(
      z.object({
        currency: z.string(),
        count: z.number().int(),
        totalAmount: z.number().int(),
        refundedAmount: z.number().int(),
      }),
    )
    .optional(),
});

// ---- scores ----

export const scoreConfigOutput = z
  .object({
    id: uuid,
    name: z.string(),
    kind: z.enum(SCORE_KINDS),
    min: z.number().nullable(),
    max: z.number().nullable(),
    categories: z.array(z.string()).nullable(),
    description: z.string().nullable(),
    archivedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "ScoreConfig" });

export const scoreOutput = z
  .object({
    id: uuid,
    sessionId: z.string(),
    name: z.string(),
    kind: z.enum(SCORE_KINDS),
    value: z.union([z.number(), z.string(), z.boolean()]),
    source: z.enum(SCORE_SOURCES),
    configId: uuid.nullable(),
    comment: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    /** The rubric's breakdown (source `rubric`): numbers and fixed phrases, never message text. */
    breakdown: z
      .object({
        version: z.string(),
        score: z.number(),
        criteria: z.array(
          z.object({
            criterion: z.string(),
            value: z.number().nullable(),
            weight: z.number(),
            reason: z.string(),
          }),
        ),
        counts: z.object({
          messages: z.number().int(),
          userTurns: z.number().int(),
          assistantTurns: z.number().int(),
        }),
      })
      .nullable(),
    author: z.object({ type: z.enum(["user", "api_key"]), id: z.string() }).nullable(),
    deletedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Score" });

export const scoreSummaryOutput = z
  .object({
    name: z.string(),
    kind: z.enum(SCORE_KINDS).nullable(),
    timeZone: z.string(),
    bucket: z.enum(["day", "week", "month"]),
    histogram: z.enum(["integer", "range"]).nullable(),
    buckets: z.array(
      z.object({
        bucket: z.string(),
        count: z.number().int(),
        mean: z.number().nullable(),
        p50: z.number().nullable(),
        p90: z.number().nullable(),
        distribution: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .meta({ id: "ScoreSummary" });

// ---- metrics ----

export const metricQueryOutput = z
  .object({
    series: z.array(
      z.object({
        group: z.string().nullable(),
        points: z.array(
          z.object({ bucket: instant }).extend(
            Object.fromEntries(METRIC_AGGREGATIONS.map((a) => [a, z.number().optional()])) as {
              [A in (typeof METRIC_AGGREGATIONS)[number]]: z.ZodOptional<z.ZodNumber>;
            },
          ),
        ),
      }),
    ),
  })
  .meta({ id: "MetricQueryResult" });

export const metricNamePageOutput = page(
  z.object({
    name: z.string(),
    kind: z.enum(METRIC_KINDS),
    unit: z.string().nullable(),
    seriesCount: z.number().int(),
    lastSeenAt: instant,
  }),
);

// ---- phi (the domain's own output schemas; their Dates are ISO strings on the wire) ----

export const scanResultOutput = scanOutput.meta({ id: "PhiScanResult" });
export const phiPolicyOutput = policyOutput.meta({ id: "PhiPolicy" });
export const phiEventPageOutput = page(phiEventOutput.meta({ id: "PhiEvent" }));
export const phiStatsOutput = statsOutput.meta({ id: "PhiEventStats" });

/** Every REST route's response schema, by procedure. */
export const OUTPUTS = {
  "bookings.resources.create": resourceOutput,
  "bookings.resources.list": page(resourceOutput),
  "bookings.resources.get": resourceOutput,
  "bookings.resources.update": resourceOutput,
  "bookings.resources.archive": resourceOutput,
  "bookings.slots": z.array(slotOutput),
  "bookings.create": bookingOutput,
  "bookings.confirm": bookingOutput,
  "bookings.cancel": bookingOutput,
  "bookings.reschedule": bookingOutput,
  "bookings.get": bookingOutput,
  "bookings.list": page(bookingOutput),
  "scores.configs.upsert": scoreConfigOutput,
  "scores.configs.list": z.array(scoreConfigOutput),
  "scores.configs.archive": scoreConfigOutput,
  "scores.record": scoreOutput,
  "scores.scoreConversation": scoreOutput,
  "scores.list": page(scoreOutput),
  "scores.get": scoreOutput,
  "scores.summary": scoreSummaryOutput,
  "scores.update": scoreOutput,
  "scores.delete": scoreOutput,
  "metrics.record": z.object({ accepted: z.literal(1) }),
  "metrics.recordBatch": z.object({ accepted: z.number().int() }),
  "metrics.query": metricQueryOutput,
  "metrics.names": metricNamePageOutput,
  "orders.create": orderOutput,
  "orders.get": orderWithRefundsOutput,
  "orders.list": orderPageOutput,
  "orders.cancel": orderOutput,
  "orders.refund": orderWithRefundsOutput,
  "phi.scan": scanResultOutput,
  "phi.policy.get": phiPolicyOutput,
  "phi.policy.update": phiPolicyOutput,
  "phiEvents.list": phiEventPageOutput,
  "phiEvents.stats": phiStatsOutput,
} as const;

export type RestProcedure = keyof typeof OUTPUTS;

// ---- compile-time agreement with what the procedures return ----

type OutputOf<P extends string> = P extends `${infer A}.${infer B}.${infer C}`
  ? A extends keyof RouterOutputs
    ? B extends keyof RouterOutputs[A]
      ? C extends keyof RouterOutputs[A][B]
        ? RouterOutputs[A][B][C]
        : never
      : never
    : never
  : P extends `${infer A}.${infer B}`
    ? A extends keyof RouterOutputs
      ? B extends keyof RouterOutputs[A]
        ? RouterOutputs[A][B]
        : never
      : never
    : never;

type Disagreeing = {
  [P in RestProcedure]: Same<
    Jsonify<z.output<(typeof OUTPUTS)[P]>>,
    Jsonify<OutputOf<P>>
  > extends true
    ? never
    : P;
}[RestProcedure];

/** `never` when every schema agrees; otherwise the procedures that do not, named in the error. */
export type _OutputsAgree = [Disagreeing] extends [never] ? "agree" : { disagree: Disagreeing };
const _agree: _OutputsAgree = "agree";
void _agree;
