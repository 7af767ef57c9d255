import type { PolicyMap } from "../policy";

/** Reading detection events and the policy: viewers, or a key with phi:read. */
const read = { role: "viewer", scope: "phi:read" } as const;

export const phiPolicy = {
  // A scan writes events (and counts against the plan), so it is a member's call.
  "phi.scan": { role: "member", scope: "phi:scan" },
  "phi.policy.get": read,
  "phi.policy.update": { role: "admin", scope: "admin" },
  // Who looked at PHI findings is itself audited: these reads write an audit row.
  "phiEvents.list": { ...read, auditsReads: true },
  "phiEvents.stats": { ...read, auditsReads: true },
} satisfies PolicyMap;
