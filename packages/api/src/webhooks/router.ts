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
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDeliveries,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "./service";

export const webhooksRouter = {
  endpoints: {
    create: tenantProcedure
      .input(createEndpointInput)
      .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listEndpointsInput)
      .query(({ ctx, input }) => listWebhookEndpoints(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(endpointIdInput)
      .query(({ ctx, input }) => getWebhookEndpoint(ctx.db, ctx.actor, input)),
    update: tenantProcedure
      .input(updateEndpointInput)
      .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.db, ctx.actor, input)),
    delete: tenantProcedure
      .input(endpointIdInput)
      .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, ctx.actor, input)),
    rotateSecret: tenantProcedure
      .input(rotateSecretInput)
      .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.actor, input)),
  },
  deliveries: {
    list: tenantProcedure
      .input(listDeliveriesInput)
      .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(z.object({ id: webhookId }))
      .query(({ ctx, input }) => getWebhookDelivery(ctx.db, ctx.actor, input)),
    replay: tenantProcedure
      .input(replayInput)
      .mutation(({ ctx, input }) => replayWebhookDeliveries(ctx.db, ctx.actor, input)),
  },
  sendTest: tenantProcedure
    .input(sendTestInput)
    .mutation(({ ctx, input }) => sendTestWebhook(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
