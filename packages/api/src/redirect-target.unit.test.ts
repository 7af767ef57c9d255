// Every redirect target the app follows (sign-in's callbackUrl, billing's returnUrl) stays on the
// app's origin: the hostile shapes an open-redirect scanner tries, and the relative paths the
// console really uses.
import { describe, expect, it } from "vitest";
import { safeRedirectPath, sameOriginUrl } from "./redirect-target";

const ORIGIN = "https://console.example.com";

// What a query string decodes to: `?callbackUrl=/%09/evil.example/x` arrives as "/\t/evil.example/x".
const hostile: [string, string][] = [
  ["protocol-relative", "//evil.example/x"],
  ["protocol-relative, three slashes", "///evil.example/x"],
  ["slash backslash", "/\\evil.example/x"],
  ["backslash backslash", "\\\\evil.example/x"],
  ["escaped slashes as typed", "\\/\\/evil.example/x"],
  ["backslash slash", "\\/evil.example/x"],
  ["tab after the slash (decoded %09)", "/\t/evil.example/x"],
  ["tab between slashes", "/\t\t/evil.example"],
  ["line feed (decoded %0a)", "/\n/evil.example/x"],
  ["carriage return (decoded %0d)", "/\r/evil.example/x"],
  ["CR LF header injection (decoded %0d%0a)", "/t/abc\r\nSet-Cookie: a=b"],
  ["NUL (decoded %00)", "/\u0000/evil.example"],
  ["leading space", " //evil.example"],
  ["DEL", "/\u007f/evil.example"],
  ["absolute other host", "https://evil.example/x"],
  ["absolute, other scheme same host", "http://console.example.com/t/abc"],
  ["absolute, other port", "https://console.example.com:8443/t/abc"],
  ["look-alike host", "https://console.example.com.evil.example/"],
  ["credentials", "https://console.example.com@evil.example/"],
  ["credentials on our host", "https://user:pass@console.example.com/t/abc"],
  ["javascript:", "javascript:alert(document.domain)"],
  ["javascript: with case and tab", "JaVaScRiPt\t:alert(1)"],
  ["data:", "data:text/html,<script>alert(1)</script>"],
  ["dot segment into a double slash", "/.//evil.example/x"],
  ["dot-dot segment into a double slash", "/a/..//evil.example/x"],
  ["too long", `/${"a".repeat(2048)}`],
  ["empty", ""],
];

const kept: [string, string, string][] = [
  ["root", "/", "/"],
  [
    "a console page",
    "/t/0b8f7c1e-0000-4000-8000-000000000001/bookings",
    "/t/0b8f7c1e-0000-4000-8000-000000000001/bookings",
  ],
  [
    "query and fragment",
    "/t/abc/orders?status=paid&page=2#top",
    "/t/abc/orders?status=paid&page=2#top",
  ],
  ["an invitation", "/invite/AbC_123-xyz", "/invite/AbC_123-xyz"],
  ["relative without a slash", "settings", "/settings"],
  ["dot segments inside the app", "/t/abc/../def", "/t/def"],
  ["encoded backslash stays encoded", "/%5cevil.example", "/%5cevil.example"],
  ["encoded tab stays encoded", "/%09/evil.example/x", "/%09/evil.example/x"],
  ["absolute on our own origin", "https://console.example.com/t/abc?x=1", "/t/abc?x=1"],
  ["spaces inside the query are encoded", "/t/abc?q=a%20b", "/t/abc?q=a%20b"],
];

describe("safeRedirectPath", () => {
  it.each(hostile)("falls back for %s", (_name, target) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe("/");
    expect(safeRedirectPath(target, ORIGIN, "/t/home")).toBe("/t/home");
    expect(sameOriginUrl(target, ORIGIN)).toBeNull();
  });

  it.each(kept)("keeps %s", (_name, target, expected) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe(expected);
    // What the browser would resolve the written-out path to is on our origin.
    expect(new URL(safeRedirectPath(target, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/t/abc"], { toString: () => "/t/abc" }]) {
      expect(safeRedirectPath(value, ORIGIN)).toBe("/");
    }
  });

  it("never writes out a path a browser would read as another host", () => {
    // Whatever the input, the output is a single-slash path on the origin.
    const probes = [
      "/",
      "\\",
      "/\\",
      "//",
      "%2f",
      "%5c",
      "\t",
      "\n",
      "\u0000",
      ".",
      "..",
      "@",
      ":",
      "evil.example",
      "?",
      "#",
    ];
    for (const a of probes) {
      for (const b of probes) {
        for (const c of probes) {
          const out = safeRedirectPath(`${a}${b}${c}`, ORIGIN);
          expect(
            out.startsWith("/") && !out.startsWith("//") && !out.startsWith("/\\"),
            JSON.stringify(`${a}${b}${c}`),
          ).toBe(true);
          expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
        }
      }
    }
  });
});
