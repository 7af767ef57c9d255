// Slot ids as `bookings.slots` returns them: `<resourceId>@<start ISO instant>`. Opaque to integrators,
// but decodable, so `bookings.create({ slotId })` needs nothing else to know what is booked.
const SLOT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/i;

export function encodeSlotId(resourceId: string, startsAt: Date): string {
  return `${resourceId}@${startsAt.toISOString()}`;
}

export function decodeSlotId(slotId: string): { resourceId: string; startsAt: Date } | null {
  const m = SLOT.exec(slotId);
  if (!m?.[1] || !m[2]) return null;
  const startsAt = new Date(m[2]);
  return Number.isNaN(startsAt.getTime()) ? null : { resourceId: m[1].toLowerCase(), startsAt };
}
