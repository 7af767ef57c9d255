import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  BODY_REQUEST_PAGE_POLICY,
  newNonce,
  nonceOf,
  pageContentSecurityPolicy,
  SONNER_STYLE_HASH,
} from "./security-headers";

describe("pageContentSecurityPolicy", () => {
  it("allows scripts by nonce only, never inline, and forbids framing", () => {
    const policy = pageContentSecurityPolicy("abc", { development: false, https: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(pageContentSecurityPolicy("abc", { development: false, https: true })).toContain(
      "upgrade-insecure-requests",
    );
    expect(BODY_REQUEST_PAGE_POLICY).toContain("script-src 'none'");
  });

  it("reads back the nonce of a page policy, and none from a policy without one", () => {
    const nonce = newNonce();
    expect(nonceOf(pageContentSecurityPolicy(nonce, { development: false, https: false }))).toBe(
      nonce,
    );
    expect(nonceOf(BODY_REQUEST_PAGE_POLICY)).toBeNull();
    expect(nonceOf(null)).toBeNull();
  });

  it("makes a different 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("allows exactly the stylesheet the installed sonner injects (update the hash with sonner)", async () => {
    const source = await readFile(
      createRequire(import.meta.url)
        .resolve("sonner")
        .replace(/index\.js$/, "index.mjs"),
      "utf8",
    );
    const start = source.indexOf('__insertCSS("') + "__insertCSS(".length;
    let end = start + 1;
    while (source[end] !== '"') end += source[end] === "\\" ? 2 : 1;
    const css = JSON.parse(source.slice(start, end + 1)) as string;
    expect(`'sha256-${createHash("sha256").update(css).digest("base64")}'`).toBe(SONNER_STYLE_HASH);
  });
});
