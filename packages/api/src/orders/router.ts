import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import {
  cancelOrderInput,
  createOrderInput,
  listOrdersInput,
  orderIdInput,
  refundOrderInput,
} from "./schemas";
import * as orders from "./service";

export const ordersRouter = {
  create: tenantProcedure
    .input(createOrderInput)
    .mutation(({ ctx, input }) =>
      orders.createOrder(ctx.db, ctx.actor, input, { payments: ctx.payments }),
    ),
  get: tenantProcedure
    .input(orderIdInput)
    .query(({ ctx, input }) => orders.getOrder(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listOrdersInput)
    .query(({ ctx, input }) => orders.listOrders(ctx.db, ctx.actor, input)),
  cancel: tenantProcedure
    .input(cancelOrderInput)
    .mutation(({ ctx, input }) =>
      orders.cancelOrder(ctx.db, ctx.actor, input, { payments: ctx.payments }),
    ),
  refund: tenantProcedure
    .input(refundOrderInput)
    .mutation(({ ctx, input }) =>
      orders.refundOrder(ctx.db, ctx.actor, input, { payments: ctx.payments, callId: ctx.callId }),
    ),
} satisfies TRPCRouterRecord;
