import type { PolicyMap } from "../policy";

// The tenant's own plan and what it costs: owners only, and never through an API key.
export const billingPolicy = {
  "billing.get": { role: "owner", scope: null },
  "billing.changePlan": { role: "owner", scope: null },
  "billing.checkoutSession": { role: "owner", scope: null },
  "billing.portalSession": { role: "owner", scope: null },
} satisfies PolicyMap;
