import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/WASM or worker-spawning server deps must be loaded by Node, not bundled: PGlite resolves
  // its WASM and data files relative to its own URL and fails when bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres"],
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@frontdesk/api", "@frontdesk/db", "@frontdesk/phi", "@frontdesk/worker"],
  // Without it, pages opened via 127.0.0.1 in `next dev` never hydrate (cross-origin dev assets).
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};

export default nextConfig;
