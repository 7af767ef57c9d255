// Idempotency keys: the same key with the same input returns the first result; with different input
// it is a CONFLICT. Inputs are compared by the SHA-256 of their canonical JSON.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "./errors";
import { phiField } from "./phi-fields";

/** Any text the client likes; services store only its digest (`idempotencyKeyDigest`). */
export const idempotencyKey = phiField("hashed", z.string().min(1).max(255));

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .filter(
          (k) => k !== "idempotencyKey" && (value as Record<string, unknown>)[k] !== undefined,
        )
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The stored form of an idempotency key: SHA-256, hex. Two requests with the same key still match
 * (the unique index is on the hash), and a key that happens to hold an identifier is not kept.
 */
export function idempotencyKeyDigest(key: string): string {
  return createHash("sha256").update(`frontdesk:idempotency-key:v1:${key}`, "utf8").digest("hex");
}

/**
 * The input with its idempotency key replaced by the key's digest, the only form of it that is
 * stored or sent on (a key is the client's free text and may hold an identifier).
 */
export function withStoredKey<T extends { idempotencyKey?: string | undefined }>(input: T): T {
  return input.idempotencyKey === undefined
    ? input
    : { ...input, idempotencyKey: idempotencyKeyDigest(input.idempotencyKey) };
}

export function requestHash(input: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(input)), "utf8")
    .digest("hex");
}

/** Throws CONFLICT when a stored row's request hash differs from this request's. */
export function assertSameRequest(storedHash: string | null, hash: string, what: string): void {
  if (storedHash !== null && storedHash !== hash) {
    throw new AppError(
      "CONFLICT",
      `This idempotency key was already used for a different ${what}; use a new key`,
    );
  }
}
