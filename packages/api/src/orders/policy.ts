import type { PolicyMap } from "../policy";

export const ordersPolicy = {
  "orders.get": { role: "viewer", scope: "orders:read" },
  "orders.list": { role: "viewer", scope: "orders:read" },
  "orders.create": { role: "member", scope: "orders:write" },
  "orders.cancel": { role: "member", scope: "orders:write" },
  // Refunds move money back: admins only (API keys need orders:write).
  "orders.refund": { role: "admin", scope: "orders:write" },
} satisfies PolicyMap;
