import type { PolicyMap } from "../policy";

const read = { role: "viewer", scope: "bookings:read" } as const;
const write = { role: "member", scope: "bookings:write" } as const;
/** Managing resources (what can be booked, and when) is an admin's job. */
const manage = { role: "admin", scope: "bookings:write" } as const;

export const bookingsPolicy = {
  "bookings.resources.create": manage,
  "bookings.resources.update": manage,
  "bookings.resources.archive": manage,
  "bookings.resources.list": read,
  "bookings.resources.get": read,
  "bookings.slots": read,
  "bookings.get": read,
  "bookings.list": read,
  "bookings.create": write,
  "bookings.confirm": write,
  "bookings.cancel": write,
  "bookings.reschedule": write,
} satisfies PolicyMap;
