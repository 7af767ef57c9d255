import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import { listAuditInput } from "./schemas";
import * as audit from "./service";

export const auditRouter = {
  list: tenantProcedure
    .input(listAuditInput)
    .query(({ ctx, input }) => audit.list(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
