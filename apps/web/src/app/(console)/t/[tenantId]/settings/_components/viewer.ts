// The signed-in user's role in a tenant, for server components deciding what to prefetch (the
// layout above has already checked the membership; listUserTenants is cached per request).
import type { Role } from "@frontdesk/db";
import { currentUserId } from "@/server/auth";
import { listUserTenants } from "@/server/tenants";

export interface Viewer {
  userId: string;
  role: Role;
  isAdmin: boolean;
}

export async function currentViewer(tenantId: string): Promise<Viewer | null> {
  const userId = await currentUserId();
  if (!userId) return null;
  const membership = (await listUserTenants(userId)).find((t) => t.tenantId === tenantId);
  if (!membership) return null;
  return {
    userId,
    role: membership.role,
    isAdmin: membership.role === "owner" || membership.role === "admin",
  };
}
