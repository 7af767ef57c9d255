// The published build of @frontdesk/client (`pnpm --filter @frontdesk/client build`; the workspace
// itself reads src/). Two entries so that a program importing only the client never bundles the
// webhook schemas (zod): `webhooks` is its own chunk, dropped by bundlers under sideEffects: false.
// Declarations are bundled with the router's types written out (src/router.generated.ts) and the
// private workspace packages (@frontdesk/wire, @frontdesk/webhook-events) inlined, so the package
// names only its npm dependencies. ES2022 syntax runs on Node 18+, current browsers and edge runtimes.
import { defineConfig, type Options } from "tsup";

const external = ["@trpc/client", "@trpc/server", "standardwebhooks", "zod"];

const shared: Options = {
  entry: { index: "src/index.ts", webhooks: "src/webhooks.ts" },
  target: ["es2022", "node18"],
  platform: "neutral",
  // Bundled: our private packages. Left to the installer: the npm dependencies.
  noExternal: [/^@frontdesk\//],
  external,
  dts: { resolve: [/^@frontdesk\//] },
  sourcemap: true,
  treeshake: true,
};

export default defineConfig([
  {
    ...shared,
    format: "esm",
    splitting: true,
    clean: true,
    external: [...external, "superjson"],
  },
  // superjson 2 ships only ESM, which Node before 22.12 cannot require(): the CommonJS build carries
  // its own copy (a few KiB).
  {
    ...shared,
    format: "cjs",
    noExternal: [/^@frontdesk\//, "superjson", "copy-anything", "is-what"],
  },
]);
