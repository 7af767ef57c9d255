// Webhooks are an admin's business: users need the admin role, keys the `webhooks:manage` scope
// (or `admin`). Delivery logs hold event payloads, so reading them is managing too.
import type { PolicyMap } from "../policy";

const manage = { role: "admin", scope: "webhooks:manage" } as const;

export const webhooksPolicy = {
  "webhooks.endpoints.create": manage,
  "webhooks.endpoints.list": manage,
  "webhooks.endpoints.get": manage,
  "webhooks.endpoints.update": manage,
  "webhooks.endpoints.delete": manage,
  "webhooks.endpoints.rotateSecret": manage,
  "webhooks.deliveries.list": manage,
  "webhooks.deliveries.get": manage,
  "webhooks.deliveries.replay": manage,
  "webhooks.sendTest": manage,
} satisfies PolicyMap;
