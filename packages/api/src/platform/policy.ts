// Who may call the platform procedures (and the admin `health` report). API keys have no platform
// scope of their own: everything here needs `admin`. Users: viewers may read the tenant's settings,
// its members and its usage; admins manage the rest. Owner-only rules (granting `owner`, keeping
// the last owner) are enforced by the members service, not by this map.
import type { PolicyMap } from "../policy";

const read = { role: "viewer", scope: "admin" } as const;
const manage = { role: "admin", scope: "admin" } as const;

export const platformPolicy = {
  "tenant.get": read,
  "tenant.update": manage,
  "members.list": read,
  "members.invite": manage,
  "members.listInvitations": manage,
  "members.revokeInvitation": manage,
  "members.updateRole": manage,
  "members.remove": manage,
  "apiKeys.list": manage,
  "apiKeys.create": manage,
  "apiKeys.revoke": manage,
  "apiKeys.rotate": manage,
  // Usage bars: counters a second behind are fine; the quota itself is enforced by each write on the primary.
  "usage.current": { ...read, replica: true },
  "audit.list": manage,
  health: manage,
} satisfies PolicyMap;
