// The one secret the PHI gate needs: the server key that per-tenant `hash` masking keys derive from.
//
// Services get no environment, so this module reads PHI_HASH_SECRET ONCE (on first use) — or takes it
// from the app's own env.ts through `configurePhiHashSecret`, which wins. Without either, a fixed
// development default is used, except in production (NODE_ENV=production), where hashing refuses to
// run: a public default key would let anyone recompute `[PHONE:1a2b3c4d]` tokens by enumerating
// phone numbers. Rotating the secret changes every token from then on (old and new events stop
// linking), nothing else.
import { createHmac } from "node:crypto";

/** Development only; documented in the README of @frontdesk/api's PHI gate (this comment). */
export const DEV_PHI_HASH_SECRET = "frontdesk-dev-phi-hash-secret-do-not-use-in-production";

const MIN_SECRET_LENGTH = 32;

let configured: string | undefined;
let fromEnv: string | null | undefined;

/** Sets the server secret explicitly (call once at start-up, from the app's validated env). */
export function configurePhiHashSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`PHI_HASH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  configured = secret;
}

function serverSecret(): string {
  if (configured !== undefined) return configured;
  if (fromEnv === undefined) {
    const value = process.env.PHI_HASH_SECRET?.trim();
    fromEnv = value ? value : null;
  }
  if (fromEnv !== null) return fromEnv;
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      "PHI_HASH_SECRET is not set: hash-style PHI masking needs a server secret in production",
    );
  }
  return DEV_PHI_HASH_SECRET;
}

/**
 * The tenant's HMAC key for `hash` masking: HMAC-SHA256(server secret, tenant id). Stable for a
 * tenant (its tokens link across events), different across tenants (one tenant's token says nothing
 * about another's data), and never stored.
 */
export function tenantHashKey(tenantId: string): string {
  return createHmac("sha256", serverSecret()).update(`phi-mask:v1:${tenantId}`).digest("hex");
}
