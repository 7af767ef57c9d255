// Compile-time agreement between the webhook payload schemas and the API's own types: this file
// fails to type-check when one changes without the other. It exports nothing anyone imports.
import type { z } from "zod";
import type {
  BookingStatus,
  OrderStatus,
  RefundStatus,
  Role,
  ScoreKind,
  ScoreSource,
} from "@frontdesk/db";
import type { Booking } from "../bookings/schemas";
import type { Order, OrderRefund } from "../orders/schemas";
import type { Assert, Jsonify, Same } from "../type-agreement";
import type {
  bookingStatus,
  memberRole,
  orderStatus,
  refundStatus,
  webhookBooking,
  webhookOrder,
  webhookRefund,
  webhookScore,
} from "./events";

export type _BookingAgrees = Assert<Same<z.infer<typeof webhookBooking>, Jsonify<Booking>>>;
export type _OrderAgrees = Assert<
  Same<z.infer<typeof webhookOrder>, Jsonify<Omit<Order, "payment">>>
>;
export type _RefundAgrees = Assert<Same<z.infer<typeof webhookRefund>, Jsonify<OrderRefund>>>;
export type _EnumsAgree = Assert<
  Same<
    [
      z.infer<typeof bookingStatus>,
      z.infer<typeof orderStatus>,
      z.infer<typeof refundStatus>,
      z.infer<typeof memberRole>,
    ],
    [BookingStatus, OrderStatus, RefundStatus, Role]
  >
>;
export type _ScoreEnumsAgree = Assert<
  Same<
    [z.infer<typeof webhookScore>["kind"], z.infer<typeof webhookScore>["source"]],
    [ScoreKind, ScoreSource]
  >
>;
