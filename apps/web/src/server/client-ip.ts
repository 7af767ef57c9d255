// The client's address for this request, decided by the API package's one rule (clientAddress): the
// socket peer, or behind TRUSTED_PROXIES the right-most untrusted X-Forwarded-For hop.
//
// Next.js does not hand route handlers, server actions or Auth.js the socket, so the peer comes from
// the production server (server.ts), which overwrites PEER_ADDRESS_HEADER on every request with the
// socket's address: a client that sends that header itself is overwritten, never believed. The
// header is read only in a process server.ts runs; under `next start` or `next dev` it is ignored
// (a client could set it) and the address is unknown (null).
import { clientAddress } from "@frontdesk/api";
import { trustedProxies } from "@/env";
import { lifecycle } from "./lifecycle";
import { PEER_ADDRESS_HEADER } from "./peer-address";

/** True when server.ts runs this process, so PEER_ADDRESS_HEADER is its own. */
export function peerAddressKnown(): boolean {
  return lifecycle().managed;
}

export function clientIp(headers: Headers): string | null {
  if (!peerAddressKnown()) return null;
  return clientAddress({
    peer: headers.get(PEER_ADDRESS_HEADER),
    forwardedFor: headers.get("x-forwarded-for"),
    trustedProxies,
  });
}
