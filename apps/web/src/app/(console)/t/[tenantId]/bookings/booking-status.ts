// How a booking's status reads in the console. The API returns the effective status (a pending
// booking whose hold ran out is already `expired`), so the console shows `status` as it comes.
export const BOOKING_STATUSES = ["pending", "confirmed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export function isBookingStatus(value: string): value is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(value);
}

/** Pending and confirmed bookings hold their slot: they can still be confirmed, cancelled or moved. */
export function isLiveStatus(status: BookingStatus): boolean {
  return status === "pending" || status === "confirmed";
}

export const STATUS_LABELS: Record<BookingStatus, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  expired: "Expired",
};
