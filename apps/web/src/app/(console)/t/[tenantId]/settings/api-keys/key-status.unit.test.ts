import { describe, expect, it } from "vitest";
import { canRevoke, canRotate, keyStatus } from "./key-status";

const now = new Date("2026-03-01T12:00:00Z");
const before = new Date("2026-03-01T11:00:00Z");
const after = new Date("2026-03-01T13:00:00Z");
const base = { revokedAt: null, expiresAt: null, rotatedToId: null, graceExpiresAt: null };

describe("keyStatus", () => {
  it("is active without revocation, expiry or rotation, and with a future expiry", () => {
    expect(keyStatus(base, now)).toEqual({ kind: "active" });
    expect(keyStatus({ ...base, expiresAt: after }, now)).toEqual({ kind: "active" });
  });

  it("puts revocation before expiry and rotation", () => {
    expect(
      keyStatus({ ...base, revokedAt: before, expiresAt: before, rotatedToId: "x" }, now),
    ).toEqual({ kind: "revoked" });
    expect(keyStatus({ ...base, expiresAt: now }, now)).toEqual({ kind: "expired" });
  });

  it("tells a rotated key in its grace period from one past it", () => {
    expect(keyStatus({ ...base, rotatedToId: "x", graceExpiresAt: after }, now)).toEqual({
      kind: "grace",
      until: after,
    });
    expect(keyStatus({ ...base, rotatedToId: "x", graceExpiresAt: before }, now)).toEqual({
      kind: "rotated",
    });
  });

  it("offers revoke while the key works, rotate only while it is active", () => {
    expect([canRevoke({ kind: "active" }), canRotate({ kind: "active" })]).toEqual([true, true]);
    expect([
      canRevoke({ kind: "grace", until: after }),
      canRotate({ kind: "grace", until: after }),
    ]).toEqual([true, false]);
    for (const kind of ["revoked", "expired", "rotated"] as const) {
      expect([canRevoke({ kind }), canRotate({ kind })]).toEqual([false, false]);
    }
  });
});
