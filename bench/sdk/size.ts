// What @frontdesk/client adds to an integrator's browser or edge bundle: esbuild (minify, browser
// platform, ES2022, tree-shaking as an app bundler does it) over what a program imports, printed
// minified and min+gzip beside @trpc/client's own bare client measured the same way in this run.
// Nothing is asserted (speed and size live in bench/, not in tests).
//
//   pnpm --filter @frontdesk/bench sdk:size
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const cases: { label: string; contents: string }[] = [
  {
    label: "@trpc/client: createTRPCClient + httpLink + httpBatchLink (baseline)",
    contents: `import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
      console.log(createTRPCClient, httpBatchLink, httpLink);`,
  },
  {
    label: "@trpc/client + superjson (baseline with the same transformer)",
    contents: `import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
      import superjson from "superjson";
      console.log(createTRPCClient, httpBatchLink, httpLink, superjson);`,
  },
  {
    label: "@frontdesk/client: createFrontdeskClient",
    contents: `import { createFrontdeskClient, TRPCClientError } from "@frontdesk/client";
      console.log(createFrontdeskClient, TRPCClientError);`,
  },
  {
    label: "@frontdesk/client/webhooks: verifyWebhook (zod schemas + standardwebhooks)",
    contents: `import { verifyWebhook } from "@frontdesk/client/webhooks";
      console.log(verifyWebhook);`,
  },
  {
    label: "@frontdesk/client: everything it exports",
    contents: `import * as sdk from "@frontdesk/client"; console.log(sdk);`,
  },
];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(6)} KiB`;

console.log("bundle (esbuild, browser, ES2022, minified)".padEnd(78), "   min      min+gzip");
for (const { label, contents } of cases) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: "ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    legalComments: "none",
    logLevel: "error",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  console.log(label.padEnd(78), kib(code.byteLength), kib(gzipSync(code, { level: 9 }).byteLength));
}
