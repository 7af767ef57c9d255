import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import {
  createApiKeyInput,
  listApiKeysInput,
  revokeApiKeyInput,
  rotateApiKeyInput,
} from "./schemas";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "./service";

export const apiKeysRouter = {
  list: tenantProcedure
    .input(listApiKeysInput)
    .query(({ ctx, input }) => listApiKeys(ctx.db, ctx.actor, input)),
  create: tenantProcedure
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, input)),
  revoke: tenantProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input, ctx.request)),
  rotate: tenantProcedure
    .input(rotateApiKeyInput)
    .mutation(({ ctx, input }) => rotateApiKey(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
