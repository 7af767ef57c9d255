// Who is on the other end of a request: the ONE rule for every client address the app uses (sign-in
// and sign-up limits, audit rows, the API context).
//
// The socket peer is the client, unless the peer is one of the operator's trusted proxies
// (TRUSTED_PROXIES, CIDRs; none by default): then X-Forwarded-For is read from the right, skipping
// trusted hops, and the first untrusted one is the client. Everything to the left of it was written
// by whoever the client is, so it is never read. Every value is parsed as an IP address (ipaddr.js)
// and written out canonically; anything else — ports, brackets, markup, `unknown` — makes the answer
// null rather than a string somebody chose.
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parsed TRUSTED_PROXIES: networks whose forwarded-for hops are believed. */
export type TrustedProxies = readonly (readonly [Address, number])[];

export const NO_TRUSTED_PROXIES: TrustedProxies = [];

/** `::ffff:10.0.0.1` is the IPv4 client 10.0.0.1 (a dual-stack socket); zone ids are dropped. */
function canonical(address: Address): Address {
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
    return new ipaddr.IPv6(v6.parts);
  }
  return address;
}

/**
 * An IP address in strict notation (dotted-quad IPv4 or IPv6), or null. Looser forms ipaddr.js also
 * understands (`127.1`, `0x7f.0.0.1`) are refused: no socket or proxy writes them.
 */
export function parseAddress(value: string | null | undefined): Address | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  if (!ipaddr.IPv4.isValidFourPartDecimal(value) && !ipaddr.IPv6.isValid(value)) return null;
  try {
    return canonical(ipaddr.parse(value));
  } catch {
    return null;
  }
}

function format(address: Address): string {
  return address.kind() === "ipv6"
    ? (address as ipaddr.IPv6).toRFC5952String()
    : address.toString();
}

/**
 * Addresses already normalized: every request's context normalizes its peer's, mostly the same
 * few (a proxy's, a load balancer's), and ipaddr.js tries the IPv6 grammar's large regular
 * expressions before IPv4's, a few percent of a burst of small requests' CPU. Starts over when full.
 */
const normalized = new Map<string, string | null>();
const MAX_NORMALIZED = 1024;

/** The canonical text of an IP address, or null when `value` is not one. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  const known = normalized.get(value);
  if (known !== undefined) return known;
  const address = parseAddress(value);
  const text = address ? format(address) : null;
  if (normalized.size >= MAX_NORMALIZED) normalized.clear();
  normalized.set(value, text);
  return text;
}

/**
 * TRUSTED_PROXIES (`10.0.0.0/8, 192.168.1.7, ::1`): a comma-separated list of CIDRs or single
 * addresses. Throws on anything else, naming the entry, so a typo stops the server instead of
 * silently trusting nothing (or everything).
 */
export function parseTrustedProxies(value: string | null | undefined): TrustedProxies {
  if (!value?.trim()) return NO_TRUSTED_PROXIES;
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const [ip, bits, ...rest] = entry.split("/");
      const address = parseAddress(ip);
      const maxBits = address?.kind() === "ipv6" ? 128 : 32;
      const prefix = bits === undefined ? maxBits : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (!address || rest.length > 0 || !(prefix >= 0 && prefix <= maxBits)) {
        throw new Error(
          `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, 192.168.1.7, fd00::/8)`,
        );
      }
      return [address, prefix] as const;
    });
}

export function isTrustedProxy(address: Address, trusted: TrustedProxies): boolean {
  return trusted.some(
    ([network, bits]) => network.kind() === address.kind() && address.match(network, bits),
  );
}

export interface ClientAddressInput {
  /** The TCP peer of the request's socket. */
  peer: string | null | undefined;
  /** Every X-Forwarded-For value the request carried, joined with commas (as Headers.get does). */
  forwardedFor?: string | null;
  trustedProxies?: TrustedProxies;
}

/** The client's address (canonical text), or null when it cannot be known for sure. */
export function clientAddress({
  peer,
  forwardedFor,
  trustedProxies = NO_TRUSTED_PROXIES,
}: ClientAddressInput): string | null {
  let client = parseAddress(peer);
  if (!client) return null;
  if (!isTrustedProxy(client, trustedProxies) || !forwardedFor) return format(client);
  const hops = forwardedFor.split(",");
  // Right to left: each trusted proxy vouches for the hop it appended, nothing further.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i]?.trim());
    // A hop a trusted proxy appended that is not an address: the chain is broken, know nothing.
    if (!hop) return null;
    client = hop;
    if (!isTrustedProxy(hop, trustedProxies)) break;
  }
  return format(client);
}
