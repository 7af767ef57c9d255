// Sending one webhook request without letting a tenant make the server call its own network (SSRF).
//
// The host is resolved HERE, every address it resolves to is checked with ipaddr.js (only global
// unicast addresses pass: no loopback, private, link-local, carrier-grade NAT, multicast, reserved,
// unspecified, IPv4-mapped or 6to4 wrappers of those, nor the cloud metadata address), and the socket
// is then opened to the address that was checked — through the `lookup` hook of node:http, so no
// second resolution happens between the check and the connect (DNS rebinding). A refused address
// fails before any connection is opened. Redirects are not followed; at most `maxResponseBytes` of
// the answer are read; the whole exchange has one deadline.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export interface SendPolicy {
  /** Allow loopback targets (127.0.0.0/8, ::1): development and tests only (`WEBHOOKS_ALLOW_LOOPBACK`). */
  allowLoopback: boolean;
  /** Allow `http:` URLs; production sends to `https:` only. */
  allowHttp: boolean;
}

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Deadline for the whole exchange (default 15 s). */
  timeoutMs?: number;
  /** Bytes of the answer kept (default 4 KiB); the rest is not read. */
  maxResponseBytes?: number;
  /** The resolver (node's `dns.lookup` unless a test passes another). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

export type SendResult =
  | { ok: true; status: number; latencyMs: number; response: string }
  | { ok: false; status: number | null; latencyMs: number; response: string; refused?: boolean };

export class RefusedTargetError extends Error {
  override readonly name = "RefusedTargetError";
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4096;

/** Why `address` may not be called, or null when it may. */
export function refusalOf(
  address: string,
  policy: Pick<SendPolicy, "allowLoopback">,
): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 and friends are IPv4 addresses in disguise: judge the IPv4 address.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === "loopback") return policy.allowLoopback ? null : "a loopback address";
  if (range !== "unicast") return `a ${range} address`;
  return null;
}

/**
 * Checks the URL's shape before anything is resolved: scheme, credentials, port. Plain http is for
 * development, except to a loopback address literal when loopback targets are allowed (a production
 * build under test talking to a receiver on the same machine: nothing leaves it, and no name is
 * resolved that could point elsewhere).
 */
export function urlProblem(
  raw: string,
  policy: Pick<SendPolicy, "allowHttp"> & Partial<Pick<SendPolicy, "allowLoopback">>,
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https";
  if (
    url.protocol === "http:" &&
    !policy.allowHttp &&
    !(policy.allowLoopback && isLoopbackLiteral(url.hostname))
  ) {
    return "must use https";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (!url.hostname) return "has no host";
  return null;
}

function isLoopbackLiteral(hostname: string): boolean {
  const literal = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(literal) && ipaddr.parse(literal).range() === "loopback";
}

const systemResolve = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * A `lookup` for node:http that resolves with `resolve`, refuses the host when ANY of its addresses
 * is refused (so a rebinding answer cannot mix a public address with a private one), and hands the
 * socket the first checked address.
 */
function checkedLookup(
  policy: SendPolicy,
  resolve: (host: string) => Promise<LookupAddress[]>,
): LookupFunction {
  return ((
    hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    // Host names only: node connects to an IP literal without calling `lookup` (sendWebhook checks those).
    const addresses = resolve(hostname);
    addresses.then(
      (list) => {
        if (list.length === 0)
          return callback(new RefusedTargetError(`${hostname} did not resolve`));
        for (const entry of list) {
          const why = refusalOf(entry.address, policy);
          if (why)
            return callback(
              new RefusedTargetError(
                `${hostname} resolves to ${why}; webhooks go to public addresses only`,
              ),
            );
        }
        if (options.all) return callback(null, list);
        const first = list[0] as LookupAddress;
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

/** POSTs `body` to `url` under `policy`; never throws. */
export async function sendWebhook(request: SendRequest, policy: SendPolicy): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = urlProblem(request.url, policy);
  if (problem)
    return {
      ok: false,
      status: null,
      latencyMs: elapsed(),
      response: `The URL ${problem}`,
      refused: true,
    };
  const url = new URL(request.url);
  // node:net connects to an IP literal without calling `lookup`: such a host is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(literal)) {
    const why = refusalOf(literal, policy);
    if (why) {
      return {
        ok: false,
        status: null,
        latencyMs: elapsed(),
        response: `${literal} is ${why}; webhooks go to public addresses only`,
        refused: true,
      };
    }
  }
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = url.protocol === "https:" ? https : http;

  return new Promise<SendResult>((settle) => {
    let done = false;
    const finish = (result: SendResult) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      settle(result);
    };
    const req = transport.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(request.body).toString(),
          "user-agent": "Frontdesk-Webhooks/1",
          ...request.headers,
        },
        lookup: checkedLookup(policy, request.resolve ?? systemResolve),
        // No connection reuse: every delivery resolves and checks its target again.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const status = res.statusCode ?? 0;
        const conclude = () => {
          const response = Buffer.concat(chunks).toString("utf8");
          finish(
            status >= 200 && status < 300
              ? { ok: true, status, latencyMs: elapsed(), response }
              : { ok: false, status, latencyMs: elapsed(), response },
          );
          res.destroy();
        };
        res.on("data", (chunk: Buffer) => {
          if (kept < maxBytes) {
            const part = chunk.subarray(0, maxBytes - kept);
            chunks.push(part);
            kept += part.length;
          }
          if (kept >= maxBytes) conclude();
        });
        res.on("end", conclude);
        res.on("error", conclude);
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      finish({
        ok: false,
        status: null,
        latencyMs: elapsed(),
        response: `No answer within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    req.on("error", (error: Error) => {
      const refused = error instanceof RefusedTargetError;
      finish({
        ok: false,
        status: null,
        latencyMs: elapsed(),
        response: refused ? error.message : `Connection failed: ${connectionReason(error)}`,
        refused,
      });
    });
    req.end(request.body);
  });
}

/** The errno-style reason of a connection error, without addresses or stack. */
function connectionReason(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[A-Z_]+$/.test(code) ? code : "network error";
}
