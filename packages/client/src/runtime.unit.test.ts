// Where integrators run the SDK: the runtime path bundles for the browser platform (esbuild fails on
// any Node built-in, so edge runtimes get no `node:` import either) and pulls in nothing of the
// server; the client without its webhook helpers leaves zod out; and the Node 18 fallbacks (no
// AbortSignal.any, no global crypto there) work.
import path from "node:path";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { anySignal, randomKey } from "./links";

const src = path.dirname(new URL(import.meta.url).pathname);

async function bundle(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: src, loader: "ts" },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome100", "safari16", "firefox100"],
    logLevel: "silent",
  });
  // The files that put bytes into the output (what tree-shaking kept), not every file read.
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, use]) => use.bytesInOutput > 0)
    .map(([file]) => file);
}

describe("the runtime path", () => {
  it("bundles for the browser with nothing of Node and nothing of the server", async () => {
    const inputs = await bundle(`export * from "./index";`);
    expect(inputs.some((file) => file.includes("@trpc/client"))).toBe(true);
    expect(inputs.some((file) => file.includes("standardwebhooks"))).toBe(true);
    for (const file of inputs) {
      expect(file).not.toMatch(/packages\/(?:api|db|phi)\/|drizzle-orm|postgres|pino|pglite/);
    }
  });

  it("leaves zod and the webhook schemas out of a program that only calls the API", async () => {
    const inputs = await bundle(
      `import { createFrontdeskClient } from "./index"; console.log(createFrontdeskClient);`,
    );
    expect(inputs.some((file) => file.includes("@trpc/client"))).toBe(true);
    expect(inputs.filter((file) => /\/zod\/|webhook-events|standardwebhooks/.test(file))).toEqual(
      [],
    );
  });
});

describe("Node 18 fallbacks", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("makes v4 UUID idempotency keys without a global crypto", () => {
    vi.stubGlobal("crypto", undefined);
    const keys = new Set(Array.from({ length: 1000 }, () => randomKey()));
    expect(keys.size).toBe(1000);
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("combines abort signals without AbortSignal.any", () => {
    vi.stubGlobal(
      "AbortSignal",
      Object.assign(function AbortSignal() {}, {
        any: undefined,
        prototype: AbortSignal.prototype,
      }),
    );
    const a = new AbortController();
    const b = new AbortController();
    const either = anySignal([a.signal, b.signal]);
    expect(either.aborted).toBe(false);
    b.abort();
    expect(either.aborted).toBe(true);
    expect(anySignal([new AbortController().signal, b.signal]).aborted).toBe(true);
  });
});
