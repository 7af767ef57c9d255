// Signed links in messages: the token names what it grants (one purpose each) and carries ids only,
// never an address, so a link forwarded or logged reveals nothing. HMAC-SHA256 under a key derived
// from AUTH_SECRET for this use alone.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { RECIPIENT_DIGEST_PREFIX } from "@frontdesk/db";

export type LinkClaims =
  /** Stop this tenant's booking notices to the address whose hash is `h`. */
  | { p: "unsubscribe"; t: string; h: string }
  /** See (and cancel) booking `b` of tenant `t`, until `exp` (seconds since the epoch). */
  | { p: "booking"; t: string; b: string; exp: number };

export type LinkPurpose = LinkClaims["p"];

/** Longer tokens are refused before any work (a URL parameter can be anything). */
export const MAX_LINK_TOKEN_LENGTH = 512;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;

function key(secret: string): Buffer {
  return createHmac("sha256", secret).update("frontdesk email links v1").digest();
}

function mac(secret: string, body: string): Buffer {
  return createHmac("sha256", key(secret)).update(body).digest();
}

export function signLink(secret: string, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

function isClaims(v: unknown): v is LinkClaims {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  if (typeof c.t !== "string" || !UUID.test(c.t)) return false;
  if (c.p === "unsubscribe") return typeof c.h === "string" && HEX64.test(c.h);
  if (c.p === "booking")
    return typeof c.b === "string" && UUID.test(c.b) && typeof c.exp === "number";
  return false;
}

/** The claims of a genuine, unexpired token for `purpose`; null for anything else. */
export function verifyLink<P extends LinkPurpose>(
  secret: string,
  token: string,
  purpose: P,
  now = new Date(),
): Extract<LinkClaims, { p: P }> | null {
  if (token.length > MAX_LINK_TOKEN_LENGTH) return null;
  const [body, signature, ...rest] = token.split(".");
  if (!body || !signature || rest.length > 0) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!isClaims(claims) || claims.p !== purpose) return null;
  if (claims.p === "booking" && claims.exp * 1000 <= now.getTime()) return null;
  return claims as Extract<LinkClaims, { p: P }>;
}

/** SHA-256 (hex) of the trimmed, lower-cased address: what opt-outs are keyed by. */
export function addressHash(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("hex");
}

/**
 * What an email row keeps of its recipient once the address is no longer needed: a digest keyed by
 * AUTH_SECRET (a key derived for this use alone), so the table cannot be turned back into a list of
 * addresses by hashing guesses, while an operator holding the secret can still answer "did we write to
 * this address?". The unsubscribe link (already sent) carries the plain `addressHash`, and opt-outs
 * are keyed by it, so they keep working.
 */
export function recipientDigest(secret: string, address: string): string {
  const k = createHmac("sha256", secret).update("frontdesk email recipients v1").digest();
  const digest = createHmac("sha256", k).update(address.trim().toLowerCase()).digest("hex");
  return `${RECIPIENT_DIGEST_PREFIX}${digest}`;
}

/** Whether `toAddress` was erased (holds a recipientDigest rather than an address). */
export function isRecipientDigest(toAddress: string): boolean {
  return toAddress.startsWith(RECIPIENT_DIGEST_PREFIX);
}
