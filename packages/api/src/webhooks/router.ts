import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { tenantProcedure } from "../trpc";
import {
  createEndpointInput,
  endpointIdInput,
  listDeliveriesInput,
  listEndpointsInput,
  replayInput,
  rotateSecretInput,
  sendTestInput,
  updateEndpointInput,
  webhookId,
} from "./schemas";
import * as webhooks from "./service";

export const webhooksRouter = {
  endpoints: {
    create: tenantProcedure
      .input(createEndpointInput)
      .mutation(({ ctx, input }) => webhooks.createEndpoint(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listEndpointsInput)
      .query(({ ctx, input }) => webhooks.listEndpoints(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(endpointIdInput)
      .query(({ ctx, input }) => webhooks.getEndpoint(ctx.db, ctx.actor, input)),
    update: tenantProcedure
      .input(updateEndpointInput)
      .mutation(({ ctx, input }) => webhooks.updateEndpoint(ctx.db, ctx.actor, input)),
    delete: tenantProcedure
      .input(endpointIdInput)
      .mutation(({ ctx, input }) => webhooks.deleteEndpoint(ctx.db, ctx.actor, input)),
    rotateSecret: tenantProcedure
      .input(rotateSecretInput)
      .mutation(({ ctx, input }) => webhooks.rotateSecret(ctx.db, ctx.actor, input)),
  },
  deliveries: {
    list: tenantProcedure
      .input(listDeliveriesInput)
      .query(({ ctx, input }) => webhooks.listDeliveries(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(z.object({ id: webhookId }))
      .query(({ ctx, input }) => webhooks.getDelivery(ctx.db, ctx.actor, input)),
    replay: tenantProcedure
      .input(replayInput)
      .mutation(({ ctx, input }) => webhooks.replay(ctx.db, ctx.actor, input)),
  },
  sendTest: tenantProcedure
    .input(sendTestInput)
    .mutation(({ ctx, input }) => webhooks.sendTest(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
