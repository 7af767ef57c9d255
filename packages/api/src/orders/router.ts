import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import {
  cancelOrderInput,
  createOrderInput,
  listOrdersInput,
  orderIdInput,
  refundOrderInput,
} from "./schemas";
import { cancelOrder, createOrder } from "./lifecycle";
import { getOrder, listOrders } from "./read";
import { refundOrder } from "./refunds";

export const ordersRouter = {
  create: tenantProcedure
    .input(createOrderInput)
    .mutation(({ ctx, input }) =>
      createOrder(ctx.db, ctx.actor, input, { payments: ctx.payments }),
    ),
  get: tenantProcedure
    .input(orderIdInput)
    .query(({ ctx, input }) => getOrder(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listOrdersInput)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.actor, input)),
  cancel: tenantProcedure
    .input(cancelOrderInput)
    .mutation(({ ctx, input }) =>
      cancelOrder(ctx.db, ctx.actor, input, { payments: ctx.payments }),
    ),
  refund: tenantProcedure
    .input(refundOrderInput)
    .mutation(({ ctx, input }) =>
      refundOrder(ctx.db, ctx.actor, input, { payments: ctx.payments, callId: ctx.callId }),
    ),
} satisfies TRPCRouterRecord;
