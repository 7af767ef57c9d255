// An API key's state as the console shows it, from the list's timestamps (the API decides the same
// way in actor.ts when the key is used).
import type { ApiKeyScope } from "@frontdesk/db";

export interface KeyTimes {
  revokedAt: Date | null;
  expiresAt: Date | null;
  rotatedToId: string | null;
  graceExpiresAt: Date | null;
}

export type KeyStatus =
  | { kind: "active" }
  | { kind: "revoked" }
  | { kind: "expired" }
  /** Rotated, still accepted until `until`. */
  | { kind: "grace"; until: Date }
  | { kind: "rotated" };

export function keyStatus(key: KeyTimes, now: Date): KeyStatus {
  if (key.revokedAt && key.revokedAt <= now) return { kind: "revoked" };
  if (key.expiresAt && key.expiresAt <= now) return { kind: "expired" };
  if (key.rotatedToId) {
    return key.graceExpiresAt && key.graceExpiresAt > now
      ? { kind: "grace", until: key.graceExpiresAt }
      : { kind: "rotated" };
  }
  return { kind: "active" };
}

/** Keys that still authenticate can be revoked; only active ones (not already rotated) can be rotated. */
export function canRevoke(status: KeyStatus): boolean {
  return status.kind === "active" || status.kind === "grace";
}

export function canRotate(status: KeyStatus): boolean {
  return status.kind === "active";
}

/** Every scope of docs/api.md, in the order the create form lists them. */
export const SCOPES = [
  "bookings:read",
  "bookings:write",
  "scores:read",
  "scores:write",
  "metrics:read",
  "metrics:write",
  "orders:read",
  "orders:write",
  "phi:scan",
  "phi:read",
  "webhooks:manage",
  "admin",
] as const satisfies readonly ApiKeyScope[];

// Fails to compile when the database gains a scope this list lacks.
type MissingScope = Exclude<ApiKeyScope, (typeof SCOPES)[number]>;
export const SCOPES_COMPLETE: [MissingScope] extends [never] ? true : MissingScope = true;

export const SCOPE_HINTS: Record<ApiKeyScope, string> = {
  "bookings:read": "List and read bookings, resources and slots",
  "bookings:write": "Create, confirm, cancel and reschedule bookings",
  "scores:read": "Read conversation scores and summaries",
  "scores:write": "Record scores and score conversations",
  "metrics:read": "Query metrics",
  "metrics:write": "Record metric points",
  "orders:read": "List and read orders",
  "orders:write": "Create, cancel and refund orders",
  "phi:scan": "Scan text for PHI",
  "phi:read": "Read PHI detection events and stats",
  "webhooks:manage": "Manage webhook endpoints, see and replay deliveries",
  admin: "Everything, including members, keys and settings",
};
