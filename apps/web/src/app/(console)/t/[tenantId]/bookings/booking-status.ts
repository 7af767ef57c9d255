// How a booking's status reads in the console. The API stores `pending` until the worker expires a
// hold that ran out; people should already see such a booking as expired (the API treats it so too).
export const BOOKING_STATUSES = ["pending", "confirmed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export function isBookingStatus(value: string): value is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(value);
}

export function displayStatus(
  booking: { status: BookingStatus; holdExpiresAt: Date | null },
  now: Date = new Date(),
): BookingStatus {
  if (
    booking.status === "pending" &&
    booking.holdExpiresAt &&
    booking.holdExpiresAt.getTime() <= now.getTime()
  ) {
    return "expired";
  }
  return booking.status;
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
