// The client address rule: the socket peer, unless it is a trusted proxy; then the right-most
// untrusted X-Forwarded-For hop. What an attacker writes into X-Forwarded-For never becomes their
// address when they connect directly, and nothing but a parsed IP address ever comes out.
import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies } from "./client-address";

const PROXIES = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");

describe("clientAddress", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    for (let n = 1; n <= 30; n++) {
      expect(clientAddress({ peer: "198.51.100.9", forwardedFor: `203.0.113.${n}` })).toBe(
        "198.51.100.9",
      );
      // What an appending proxy would have produced, sent by the client itself.
      expect(
        clientAddress({ peer: "198.51.100.9", forwardedFor: `203.0.113.${n}, 127.0.0.1` }),
      ).toBe("198.51.100.9");
    }
  });

  it("is the socket peer when the peer is not a trusted proxy", () => {
    expect(
      clientAddress({
        peer: "198.51.100.9",
        forwardedFor: "203.0.113.1, 10.0.0.1",
        trustedProxies: PROXIES,
      }),
    ).toBe("198.51.100.9");
  });

  it("behind trusted proxies, is the right-most untrusted hop", () => {
    // client 198.51.100.9 → proxy 10.0.0.2 → proxy 10.0.0.1 → us
    expect(
      clientAddress({
        peer: "10.0.0.1",
        forwardedFor: "198.51.100.9, 10.0.0.2",
        trustedProxies: PROXIES,
      }),
    ).toBe("198.51.100.9");
    // The client prepended its own fiction; the proxy appended the real address.
    for (let n = 1; n <= 30; n++) {
      expect(
        clientAddress({
          peer: "10.0.0.1",
          forwardedFor: `203.0.113.${n}, 127.0.0.1, 198.51.100.9`,
          trustedProxies: PROXIES,
        }),
      ).toBe("198.51.100.9");
    }
    expect(
      clientAddress({ peer: "192.168.1.7", forwardedFor: "2001:db8::1", trustedProxies: PROXIES }),
    ).toBe("2001:db8::1");
    expect(
      clientAddress({ peer: "fd00::5", forwardedFor: "198.51.100.9", trustedProxies: PROXIES }),
    ).toBe("198.51.100.9");
    // Every hop trusted: the furthest one is the client; no header: the proxy is.
    expect(
      clientAddress({
        peer: "10.0.0.1",
        forwardedFor: "10.0.0.3, 10.0.0.2",
        trustedProxies: PROXIES,
      }),
    ).toBe("10.0.0.3");
    expect(clientAddress({ peer: "10.0.0.1", forwardedFor: null, trustedProxies: PROXIES })).toBe(
      "10.0.0.1",
    );
    expect(
      clientAddress({ peer: "192.168.1.8", forwardedFor: "198.51.100.9", trustedProxies: PROXIES }),
    ).toBe("192.168.1.8");
  });

  it("is null, never the text, when a hop it would read is not an IP address", () => {
    const junk = [
      "<script>alert(1)</script>",
      "unknown",
      "198.51.100.9:4711",
      "[2001:db8::1]",
      "127.1",
      "0x7f.0.0.1",
      "1.2.3.4 <b>",
      "fe80::1%<x>",
    ];
    for (const value of junk) {
      expect(
        clientAddress({ peer: "10.0.0.1", forwardedFor: value, trustedProxies: PROXIES }),
        value,
      ).toBeNull();
      expect(
        clientAddress({
          peer: "10.0.0.1",
          forwardedFor: `198.51.100.9, ${value}`,
          trustedProxies: PROXIES,
        }),
        value,
      ).toBeNull();
      expect(clientAddress({ peer: value }), value).toBeNull();
    }
    expect(clientAddress({ peer: undefined, forwardedFor: "198.51.100.9" })).toBeNull();
    expect(clientAddress({ peer: "" })).toBeNull();
    // Junk left of the right-most untrusted hop is never read.
    expect(
      clientAddress({
        peer: "10.0.0.1",
        forwardedFor: "<script>, 198.51.100.9",
        trustedProxies: PROXIES,
      }),
    ).toBe("198.51.100.9");
  });

  it("writes addresses out canonically", () => {
    expect(clientAddress({ peer: "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress({ peer: "2001:0db8:0000:0000:0000:0000:0000:0001" })).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("203.0.113.7")).toBe("203.0.113.7");
  });

  it("answers the same the second time, and past the memo's size, for addresses and non-addresses alike", () => {
    const inputs = ["::ffff:10.1.2.3", "2001:0db8::0001", "127.1", "unknown", "10.0.0.1:80", ""];
    const first = inputs.map((value) => normalizeAddress(value));
    expect(first).toEqual(["10.1.2.3", "2001:db8::1", null, null, null, null]);
    expect(inputs.map((value) => normalizeAddress(value))).toEqual(first);
    for (let i = 0; i < 1100; i++) normalizeAddress(`10.0.${i >> 8}.${i & 255}`);
    expect(inputs.map((value) => normalizeAddress(value))).toEqual(first);
    expect(normalizeAddress(`${"1".repeat(65)}`)).toBeNull();
  });
});

describe("parseTrustedProxies", () => {
  it("reads CIDRs and single addresses; empty means none", () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies("  ")).toEqual([]);
    expect(
      parseTrustedProxies("127.0.0.1, ::1/128").map(([a, bits]) => `${a.toString()}/${bits}`),
    ).toEqual(["127.0.0.1/32", "::1/128"]);
  });

  it("refuses what is not a CIDR, naming the entry", () => {
    for (const bad of [
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0/8/1",
      "localhost",
      "10.0.0.0/x",
      "*",
      "::/129",
    ]) {
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`), bad).toThrow(
        `TRUSTED_PROXIES: "${bad}"`,
      );
    }
  });
});
