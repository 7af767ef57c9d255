import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import { listAuditInput } from "./schemas";
import { listAuditEntries } from "./service";

export const auditRouter = {
  list: tenantProcedure
    .input(listAuditInput)
    .query(({ ctx, input }) => listAuditEntries(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
