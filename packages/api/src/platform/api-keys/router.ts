import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import {
  createApiKeyInput,
  listApiKeysInput,
  revokeApiKeyInput,
  rotateApiKeyInput,
} from "./schemas";
import * as keys from "./service";

export const apiKeysRouter = {
  list: tenantProcedure
    .input(listApiKeysInput)
    .query(({ ctx, input }) => keys.list(ctx.db, ctx.actor, input)),
  create: tenantProcedure
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => keys.create(ctx.db, ctx.actor, input)),
  revoke: tenantProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => keys.revoke(ctx.db, ctx.actor, input, ctx.request)),
  rotate: tenantProcedure
    .input(rotateApiKeyInput)
    .mutation(({ ctx, input }) => keys.rotate(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
