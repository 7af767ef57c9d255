// The platform routers, spread at the top level of the app router (docs/api.md names them `tenant.*`,
// `members.*`, `apiKeys.*`, `usage.*`, `audit.*`).
import type { TRPCRouterRecord } from "@trpc/server";
import { apiKeysRouter } from "./api-keys/router";
import { auditRouter } from "./audit/router";
import { membersRouter } from "./members/router";
import { tenantRouter } from "./tenant/router";
import { usageRouter } from "./usage/router";

export const platformRouter = {
  tenant: tenantRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  usage: usageRouter,
  audit: auditRouter,
} satisfies TRPCRouterRecord;
