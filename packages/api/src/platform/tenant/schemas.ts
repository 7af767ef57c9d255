// Inputs and outputs of `tenant.get` / `tenant.update`: the tenant's own settings.
import { z } from "zod";
import { PLANS, timeZoneSchema } from "@frontdesk/db";
import { phiField } from "../../phi-fields";

const retentionDays = z.number().int().min(1).max(3650);
/** HIPAA keeps compliance records six years: the audit log's retention cannot go below it. */
export const AUDIT_RETENTION_MIN_DAYS = 2190;
const auditRetentionDays = z.number().int().min(AUDIT_RETENTION_MIN_DAYS).max(3650);
/**
 * An email message's row is its exactly-once marker (a reminder's dedupe key), and a reminder goes
 * out at most BOOKING_REMINDER_MAX_MINUTES before its booking: a week later that booking has started
 * and no scheduler looks for the marker again, so rows may go.
 */
export const EMAIL_RETENTION_MIN_DAYS = 7;
const emailRetentionDays = z.number().int().min(EMAIL_RETENTION_MIN_DAYS).max(3650);

/** A reminder goes out this long before a booking, or never (0). */
export const BOOKING_REMINDER_MIN_MINUTES = 15;
export const BOOKING_REMINDER_MAX_MINUTES = 10_080;
const reminderMinutes = z
  .number()
  .int()
  .min(0)
  .max(BOOKING_REMINDER_MAX_MINUTES)
  .refine((m) => m === 0 || m >= BOOKING_REMINDER_MIN_MINUTES, {
    message: `A reminder goes out ${BOOKING_REMINDER_MIN_MINUTES} to ${BOOKING_REMINDER_MAX_MINUTES} minutes before the booking, or 0 for none`,
  });

export const updateTenantInput = z.object({
  name: phiField("gated", z.string().trim().min(1).max(200)).optional(),
  /** IANA time zone, e.g. `Europe/Paris`: availability and bucketing use it. */
  timeZone: phiField("token", timeZoneSchema).optional(),
  retention: z
    .object({
      metricsDays: retentionDays.optional(),
      auditDays: auditRetentionDays.optional(),
      phiEventsDays: retentionDays.optional(),
      /** Outbound webhook events (with deliveries and attempt logs) and settled outbox rows. */
      deliveryLogDays: retentionDays.optional(),
      /** Email messages to attendees (and what the development mailbox kept of them). */
      emailDays: emailRetentionDays.optional(),
    })
    .optional(),
  /** Emails to attendees: confirmation, cancellation, reschedule, and a reminder before the booking. */
  bookingNotices: z
    .object({
      enabled: z.boolean().optional(),
      /** Minutes before the booking (15 to 10080), or 0 for no reminder. */
      reminderMinutes: reminderMinutes.optional(),
    })
    .optional(),
  orderPaymentTimeoutMinutes: z.number().int().min(5).max(43_200).optional(),
  bookingHoldMinutes: z.number().int().min(1).max(1440).optional(),
});
export type UpdateTenantInput = z.input<typeof updateTenantInput>;

export const tenantOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  plan: z.enum(PLANS),
  retention: z.object({
    metricsDays: z.number().int(),
    auditDays: z.number().int(),
    phiEventsDays: z.number().int(),
    deliveryLogDays: z.number().int(),
    emailDays: z.number().int(),
  }),
  bookingNotices: z.object({ enabled: z.boolean(), reminderMinutes: z.number().int() }),
  orderPaymentTimeoutMinutes: z.number().int(),
  bookingHoldMinutes: z.number().int(),
  createdAt: z.date(),
});
export type Tenant = z.infer<typeof tenantOutput>;

// ---- Creating a tenant (sign-up, "create another tenant") -------------------------------------
// Not procedures: the console's sign-up page calls `createTenantWithOwner` directly, as the database
// owner, because nobody has a tenant (or even an account) yet.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export const newAccountInput = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: z.string().trim().min(1).max(200),
});
export type NewAccountInput = z.input<typeof newAccountInput>;

export const newTenantInput = z.object({
  tenantName: z.string().trim().min(1).max(200),
  timeZone: timeZoneSchema.default("UTC"),
});
export type NewTenantInput = z.input<typeof newTenantInput>;

export const createTenantWithOwnerInput = newTenantInput.extend({
  /** A new account (sign-up), or an existing user creating another tenant for themselves. */
  owner: z.union([newAccountInput, z.object({ userId: z.uuid() })]),
});
export type CreateTenantWithOwnerInput = z.input<typeof createTenantWithOwnerInput>;

export interface CreatedTenant {
  tenantId: string;
  slug: string;
  ownerUserId: string;
  /** True when the owner's account was created by this call. */
  accountCreated: boolean;
}
