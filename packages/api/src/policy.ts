// The ONE policy map: every tenant-scoped procedure → the minimum role a user needs and the scope an
// API key needs (`null`: users only). The tenant middleware enforces it and the role/scope matrix
// tests are generated from it; a procedure missing here is refused (fail closed).
import type { ApiKeyScope, Role } from "@frontdesk/db";
import { billingPolicy } from "./billing/policy";
import { bookingsPolicy } from "./bookings/policy";
import { emailPolicy } from "./email/policy";
import { metricsPolicy } from "./metrics/policy";
import { ordersPolicy } from "./orders/policy";
import { phiPolicy } from "./phi/policy";
import { platformPolicy } from "./platform/policy";
import { scoresPolicy } from "./scores/policy";
import { webhooksPolicy } from "./webhooks/policy";

export interface Rule {
  role: Role;
  scope: ApiKeyScope | null;
  /**
   * A query that writes: it records its own read in the audit log (PHI access). Every other query
   * runs in a READ ONLY transaction, where any write fails.
   */
  auditsReads?: true;
  /**
   * A query that tolerates replica lag (a second or so behind the primary): with DATABASE_READ_URL it
   * reads from the streaming replica, still under RLS in a READ ONLY transaction, and from the
   * primary while the replica is down. Only for reads nobody checks right after their own write
   * (dashboards, aggregates): a list a user reloads after creating something must stay on the primary.
   */
  replica?: true;
}

export type PolicyMap = Record<string, Rule>;

export const POLICY: PolicyMap = {
  ...bookingsPolicy,
  ...scoresPolicy,
  ...metricsPolicy,
  ...ordersPolicy,
  ...billingPolicy,
  ...phiPolicy,
  ...platformPolicy,
  ...webhooksPolicy,
  ...emailPolicy,
};

export function ruleFor(path: string): Rule | undefined {
  return Object.hasOwn(POLICY, path) ? POLICY[path] : undefined;
}
