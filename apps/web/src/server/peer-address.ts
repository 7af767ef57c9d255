// The TCP peer of a request, handed from the production server (server.ts) to the app: Next.js does
// not give route handlers, server actions or Auth.js the socket. server.ts overwrites this header
// on EVERY request with the socket's address, so a client that sends it is overwritten, never
// believed; the app reads it only when server.ts runs the process (lifecycle().managed). No imports:
// server.ts loads this file outside Next's bundle.
import type { IncomingMessage } from "node:http";

export const PEER_ADDRESS_HEADER = "x-frontdesk-peer-address";

export function stampPeerAddress(req: IncomingMessage): void {
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
}
