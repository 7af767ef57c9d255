// Bookable resources, their weekly availability, and bookings.
// No two live bookings overlap on one resource: an exclusion constraint on `during` (custom migration
// 0002) enforces it in PostgreSQL, so concurrent creates cannot race past a read-then-write check.
import { sql } from "drizzle-orm";
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantId, tenantIsolation, tenantRowId, timestamps } from "./_columns";
import { tenants } from "./platform";

export const BOOKING_STATUSES = ["pending", "confirmed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** PostgreSQL tstzrange, read back as its text form (e.g. `["2026-03-01 09:00:00+00","2026-03-01 09:30:00+00")`). */
const tstzrange = customType<{ data: string; driverData: string }>({
  dataType: () => "tstzrange",
});

export const resources = pgTable(
  "resources",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    /** IANA zone the weekly availability is written in. */
    timeZone: text().notNull(),
    slotMinutes: integer().notNull(),
    bufferMinutes: integer().notNull().default(0),
    minNoticeMinutes: integer().notNull().default(0),
    maxAdvanceDays: integer().notNull().default(90),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "resources_pkey", columns: [t.id, t.tenantId] }),
    unique("resources_tenant_id_key").on(t.tenantId, t.id),
    index().on(t.tenantId, t.createdAt),
    check("resources_slot_minutes_check", sql`${t.slotMinutes} between 5 and 480`),
    check("resources_buffer_minutes_check", sql`${t.bufferMinutes} between 0 and 240`),
    check("resources_min_notice_check", sql`${t.minNoticeMinutes} between 0 and 525600`),
    check("resources_max_advance_check", sql`${t.maxAdvanceDays} between 1 and 730`),
    tenantIsolation("resources"),
  ],
);

export const availabilityRules = pgTable(
  "availability_rules",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    resourceId: uuid().notNull(),
    /** 0 = Sunday … 6 = Saturday, in the resource's time zone. */
    weekday: smallint().notNull(),
    startTime: time().notNull(),
    endTime: time().notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "availability_rules_pkey", columns: [t.id, t.tenantId] }),
    foreignKey({
      name: "availability_rules_resource_fk",
      columns: [t.tenantId, t.resourceId],
      foreignColumns: [resources.tenantId, resources.id],
    }).onDelete("cascade"),
    index().on(t.tenantId, t.resourceId, t.weekday),
    check("availability_rules_weekday_check", sql`${t.weekday} between 0 and 6`),
    check("availability_rules_window_check", sql`${t.endTime} > ${t.startTime}`),
    tenantIsolation("availability_rules"),
  ],
);

export const bookings = pgTable(
  "bookings",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    resourceId: uuid().notNull(),
    /** Opaque id of the slot as `bookings.slots` returned it. */
    slotId: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** `[startsAt, endsAt)`, kept by PostgreSQL; the exclusion constraint works on it. */
    during: tstzrange()
      .notNull()
      .generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    status: text().$type<BookingStatus>().notNull(),
    attendeeName: text().notNull(),
    attendeeEmail: text().notNull(),
    notes: text(),
    /** A pending booking holds its slot until then; the worker marks it expired afterwards. */
    holdExpiresAt: timestamp({ withTimezone: true }),
    /** SHA-256 (hex) of the client's idempotency key: the key itself may hold anything, so it is not stored. */
    idempotencyKey: text(),
    /** SHA-256 of the create input, so a reused idempotency key with other input is a CONFLICT. */
    requestHash: text(),
    rescheduledFromId: uuid(),
    rescheduledToId: uuid(),
    cancelReason: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "bookings_pkey", columns: [t.id, t.tenantId] }),
    unique("bookings_tenant_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "bookings_resource_fk",
      columns: [t.tenantId, t.resourceId],
      foreignColumns: [resources.tenantId, resources.id],
    }),
    foreignKey({
      name: "bookings_rescheduled_from_fk",
      columns: [t.tenantId, t.rescheduledFromId],
      foreignColumns: [t.tenantId, t.id],
    }),
    foreignKey({
      name: "bookings_rescheduled_to_fk",
      columns: [t.tenantId, t.rescheduledToId],
      foreignColumns: [t.tenantId, t.id],
    }),
    uniqueIndex("bookings_tenant_idempotency_key")
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index().on(t.tenantId, t.startsAt),
    index().on(t.tenantId, t.resourceId, t.startsAt),
    // Cover the self-referencing foreign keys, so deleting or re-keying a booking does not scan the
    // tenant's whole history to check who points at it. Partial: almost no booking is a reschedule.
    index("bookings_rescheduled_from_idx")
      .on(t.tenantId, t.rescheduledFromId)
      .where(sql`${t.rescheduledFromId} is not null`),
    index("bookings_rescheduled_to_idx")
      .on(t.tenantId, t.rescheduledToId)
      .where(sql`${t.rescheduledToId} is not null`),
    index().on(t.tenantId, t.status, t.startsAt),
    index("bookings_hold_expiry_idx")
      .on(t.holdExpiresAt)
      .where(sql`${t.status} = 'pending'`),
    check(
      "bookings_status_check",
      sql`${t.status} in ('pending', 'confirmed', 'cancelled', 'expired')`,
    ),
    check("bookings_time_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("bookings_hold_check", sql`${t.status} <> 'pending' or ${t.holdExpiresAt} is not null`),
    tenantIsolation("bookings"),
  ],
);
