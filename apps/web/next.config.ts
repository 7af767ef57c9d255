import type { NextConfig } from "next";
import {
  API_HEADERS,
  BASE_SECURITY_HEADERS,
  BODY_REQUEST_PAGE_POLICY,
  HTTPS_FORWARDED_PROTO,
  STRICT_TRANSPORT_SECURITY,
} from "./src/server/security-headers";

// Page paths: everything but the API routes and Next's static files (src/proxy.ts uses the same split).
const PAGES = "/((?!api(?:/|$)|_next/static/|_next/image).*)";

const nextConfig: NextConfig = {
  // Native/WASM or worker-spawning server deps must be loaded by Node, not bundled: PGlite resolves
  // its WASM and data files relative to its own URL and fails when bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres"],
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@frontdesk/api", "@frontdesk/db", "@frontdesk/phi", "@frontdesk/worker"],
  // Without it, pages opened via 127.0.0.1 in `next dev` never hydrate (cross-origin dev assets).
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // The fixed security headers (src/server/security-headers.ts); the page CSP with its per-response
  // nonce comes from src/proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...BASE_SECURITY_HEADERS] },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: HTTPS_FORWARDED_PROTO }],
        headers: [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }],
      },
      { source: "/api/:path*", headers: [...API_HEADERS] },
      ...["content-length", "transfer-encoding"].map((key) => ({
        source: PAGES,
        has: [{ type: "header" as const, key }],
        headers: [{ key: "Content-Security-Policy", value: BODY_REQUEST_PAGE_POLICY }],
      })),
    ];
  },
};

export default nextConfig;
