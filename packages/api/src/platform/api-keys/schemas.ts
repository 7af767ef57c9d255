// Inputs and outputs of `apiKeys.*`. A key's secret appears in exactly two outputs — `create` and
// `rotate` — once; lists never carry it or its hash.
import { z } from "zod";
import { API_KEY_SCOPES } from "@frontdesk/db";
import { listInput } from "../../pagination";
import { phiField } from "../../phi-fields";

export const listApiKeysInput = listInput.prefault({});
export type ListApiKeysInput = z.input<typeof listApiKeysInput>;

export const createApiKeyInput = z.object({
  name: phiField("gated", z.string().trim().min(1).max(100)),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1)
    .max(API_KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, {
      message: "scopes must not repeat",
    }),
  /** Without it the key does not expire. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

const id = phiField("token", z.uuid());

export const revokeApiKeyInput = z.object({ id });
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInput>;

export const rotateApiKeyInput = z.object({
  id,
  /** How long the old key keeps working, so deployments can switch over (0: stops at once). */
  graceMinutes: z.number().int().min(0).max(10_080).default(60),
  /**
   * Revoke the old key now instead of granting a grace period (a leaked key): `graceMinutes` is
   * ignored, and a predecessor of the old key still in its own grace period is revoked too.
   */
  revokePrevious: z.boolean().default(false),
});
export type RotateApiKeyInput = z.input<typeof rotateApiKeyInput>;

export const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The key's public first part, e.g. `fd_3F9a1cQ2xYz0`: tells keys apart without revealing them. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  /** Set on a rotated key: its replacement. */
  rotatedToId: z.uuid().nullable(),
  /** A rotated key works until then. */
  graceExpiresAt: z.date().nullable(),
  /**
   * The user accountable for the key: who created or rotated it (a key made by another key
   * inherits that key's user). Removing that user from the tenant revokes it unless kept.
   */
  createdBy: z.uuid().nullable(),
});
export type ApiKey = z.infer<typeof apiKeyOutput>;

export const createdApiKeyOutput = apiKeyOutput.extend({
  /** The whole key. Shown once: store it now, it cannot be retrieved again. */
  secret: z.string(),
});
export type CreatedApiKey = z.infer<typeof createdApiKeyOutput>;

export const rotatedApiKeyOutput = createdApiKeyOutput.extend({
  /** The key that was rotated, valid until `previous.graceExpiresAt`. */
  previous: apiKeyOutput,
});
export type RotatedApiKey = z.infer<typeof rotatedApiKeyOutput>;
