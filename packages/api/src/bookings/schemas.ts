// Inputs and outputs of the bookings API (resources, slots, bookings). Every string, array and
// number is bounded here; the SDK reuses these schemas.
import { z } from "zod";
import { BOOKING_STATUSES, isValidTimeZone } from "@frontdesk/db";
import { idempotencyKey } from "../idempotency";
import { listInput } from "../pagination";
import { phiField } from "../phi-fields";

const DAY_MS = 86_400_000;
export const MAX_SLOT_RANGE_DAYS = 62;

const id = phiField("token", z.uuid());

/** An ISO instant (`2026-03-08T14:00:00Z`, offsets allowed) or a Date (superjson sends Dates). */
export const instant = z
  .union([z.date(), phiField("token", z.iso.datetime({ offset: true }))])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), "Expected a valid instant");

/** `HH:MM`, 00:00-23:59, or 24:00 (the end of the day, for a window's end). */
const wallClock = phiField(
  "token",
  z
    .string()
    .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Expected a time of day "HH:MM" (00:00-24:00)'),
);

export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export const availabilityWindow = z
  .object({
    /** 0 = Sunday … 6 = Saturday, in the resource's time zone. */
    weekday: z.number().int().min(0).max(6),
    start: wallClock,
    end: wallClock,
  })
  .refine((w) => minutesOfDay(w.end) > minutesOfDay(w.start), {
    message: "A window's end must be after its start",
    path: ["end"],
  });
export type AvailabilityWindow = z.infer<typeof availabilityWindow>;

const availability = z
  .array(availabilityWindow)
  .max(50)
  .superRefine((windows, ctx) => {
    // Overlapping windows on one weekday would produce overlapping slots.
    const sorted = windows
      .map((w, index) => ({ ...w, index }))
      .sort((a, b) => a.weekday - b.weekday || minutesOfDay(a.start) - minutesOfDay(b.start));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const cur = sorted[i];
      if (
        prev &&
        cur &&
        prev.weekday === cur.weekday &&
        minutesOfDay(cur.start) < minutesOfDay(prev.end)
      ) {
        ctx.addIssue({
          code: "custom",
          message: `Availability windows overlap on weekday ${cur.weekday} (${prev.start}-${prev.end} and ${cur.start}-${cur.end})`,
          path: [cur.index],
        });
      }
    }
  });

const timeZone = phiField(
  "token",
  z
    .string()
    .min(1)
    .max(64)
    .refine(isValidTimeZone, "Expected an IANA time zone such as Europe/Berlin"),
);

const resourceFields = {
  name: phiField("gated", z.string().trim().min(1).max(200)),
  description: phiField("gated", z.string().max(2000)).optional(),
  /** Defaults to the tenant's time zone. */
  timeZone: timeZone.optional(),
  slotMinutes: z.number().int().min(5).max(480),
  bufferMinutes: z.number().int().min(0).max(240).optional(),
  minNoticeMinutes: z.number().int().min(0).max(525_600).optional(),
  availability,
};

export const createResourceInput = z.object(resourceFields);
export type CreateResourceInput = z.input<typeof createResourceInput>;

export const updateResourceInput = z.object({
  id,
  name: resourceFields.name.optional(),
  description: phiField("gated", z.string().max(2000)).nullable().optional(),
  timeZone: timeZone.optional(),
  slotMinutes: resourceFields.slotMinutes.optional(),
  bufferMinutes: z.number().int().min(0).max(240).optional(),
  minNoticeMinutes: z.number().int().min(0).max(525_600).optional(),
  /** Replaces the whole weekly availability when given. */
  availability: availability.optional(),
});
export type UpdateResourceInput = z.input<typeof updateResourceInput>;

export const resourceIdInput = z.object({ id });
export type ResourceIdInput = z.input<typeof resourceIdInput>;

export const listResourcesInput = listInput.extend({
  includeArchived: z.boolean().default(false),
});
export type ListResourcesInput = z.input<typeof listResourcesInput>;

export const slotsInput = z
  .object({ resourceId: id, from: instant, to: instant })
  .refine((v) => v.to.getTime() > v.from.getTime(), {
    message: "`to` must be after `from`",
    path: ["to"],
  })
  .refine((v) => v.to.getTime() - v.from.getTime() <= MAX_SLOT_RANGE_DAYS * DAY_MS, {
    message: `The range may span at most ${MAX_SLOT_RANGE_DAYS} days`,
    path: ["to"],
  });
export type SlotsInput = z.input<typeof slotsInput>;

/** `<resource uuid>@<ISO instant>`, as `bookings.slots` lists them (encodeSlotId). */
const slotId = phiField(
  "token",
  z
    .string()
    .max(100)
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      "Expected a slot id as bookings.slots gives it",
    ),
);

export const createBookingInput = z.object({
  slotId,
  attendee: z.object({
    name: phiField("identity", z.string().trim().min(1).max(200)),
    email: phiField("identity", z.email().max(320)),
  }),
  notes: phiField("gated", z.string().max(5000)).optional(),
  /** The booking starts `pending` and holds its slot until confirmed or the hold expires. */
  requireConfirmation: z.boolean().optional(),
  /** With requireConfirmation: how long the hold lasts (default: the tenant's booking hold). */
  holdMinutes: z.number().int().min(1).max(1440).optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type CreateBookingInput = z.input<typeof createBookingInput>;

export const bookingIdInput = z.object({ id });
export type BookingIdInput = z.input<typeof bookingIdInput>;

export const cancelBookingInput = z.object({
  id,
  reason: phiField("gated", z.string().max(500)).optional(),
});
export type CancelBookingInput = z.input<typeof cancelBookingInput>;

export const rescheduleBookingInput = z.object({ id, slotId });
export type RescheduleBookingInput = z.input<typeof rescheduleBookingInput>;

export const listBookingsInput = listInput.extend({
  status: z.enum(BOOKING_STATUSES).optional(),
  resourceId: id.optional(),
  /** Bookings starting at or after this instant. */
  from: instant.optional(),
  /** Bookings starting before this instant. */
  to: instant.optional(),
  /** By start time; newest first by default. */
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type ListBookingsInput = z.input<typeof listBookingsInput>;

export interface Resource {
  id: string;
  name: string;
  description: string | null;
  timeZone: string;
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  availability: AvailabilityWindow[];
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Slot {
  slotId: string;
  start: Date;
  end: Date;
  available: boolean;
}

export interface Booking {
  id: string;
  resourceId: string;
  slotId: string;
  start: Date;
  end: Date;
  status: (typeof BOOKING_STATUSES)[number];
  attendee: { name: string; email: string };
  notes: string | null;
  holdExpiresAt: Date | null;
  rescheduledFromId: string | null;
  rescheduledToId: string | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}
