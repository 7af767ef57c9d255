// Shared by the members page's server part (prefetch) and its client components.
import type { Role } from "@frontdesk/db";

/** Members per page; the server's prefetch and the client's query must agree on it. */
export const MEMBERS_PAGE_SIZE = 50;

/** Pending invitations, all on one page (admins only); the server's prefetch uses the same input. */
export const INVITATIONS_INPUT = { limit: 200 } as const;

export const ROLE_LABELS = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
} as const satisfies Record<Role, string>;
