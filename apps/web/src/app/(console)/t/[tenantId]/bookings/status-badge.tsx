import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, type BookingStatus } from "./booking-status";

const VARIANTS = {
  pending: "warning",
  confirmed: "success",
  cancelled: "secondary",
  expired: "outline",
} as const satisfies Record<BookingStatus, string>;

/** The status in words (colour is never the only cue). */
export function StatusBadge({ status }: { status: BookingStatus }) {
  return <Badge variant={VARIANTS[status]}>{STATUS_LABELS[status]}</Badge>;
}
