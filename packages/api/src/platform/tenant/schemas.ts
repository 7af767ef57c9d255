// Inputs and outputs of `tenant.get` / `tenant.update`: the tenant's own settings.
import { z } from "zod";
import { PLANS, timeZoneSchema } from "@frontdesk/db";

const retentionDays = z.number().int().min(1).max(3650);

export const updateTenantInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  /** IANA time zone, e.g. `Europe/Paris`: availability and bucketing use it. */
  timeZone: timeZoneSchema.optional(),
  retention: z
    .object({
      metricsDays: retentionDays.optional(),
      auditDays: retentionDays.optional(),
      phiEventsDays: retentionDays.optional(),
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
  }),
  orderPaymentTimeoutMinutes: z.number().int(),
  bookingHoldMinutes: z.number().int(),
  createdAt: z.date(),
});
export type Tenant = z.infer<typeof tenantOutput>;
