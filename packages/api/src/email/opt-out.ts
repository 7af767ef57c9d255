// Opting out of a tenant's booking notices through the signed link every notice carries. Only the
// SHA-256 of the address is stored; the link itself carries that hash, never the address.
import { withTenant, emailOptOuts, type Db } from "@frontdesk/db";
import { verifyLink } from "./links";

/**
 * Records the opt-out a genuine unsubscribe token names; false for a forged, malformed or foreign
 * token (nothing written). Idempotent. `db` is the owner connection (the page has no session).
 */
export async function optOutWithToken(db: Db, linkSecret: string, token: string): Promise<boolean> {
  const claims = verifyLink(linkSecret, token, "unsubscribe");
  if (!claims) return false;
  await withTenant(db, { tenantId: claims.t }, (tx) =>
    tx
      .insert(emailOptOuts)
      .values({ tenantId: claims.t, addressHash: claims.h })
      .onConflictDoNothing(),
  );
  return true;
}
