/** The HIPAA Safe Harbor identifiers that free text can carry. */
export const PHI_TYPES = [
  "NAME",
  "DATE",
  "PHONE",
  "FAX",
  "EMAIL",
  "SSN",
  "MRN",
  "HEALTH_PLAN_ID",
  "ACCOUNT_NUMBER",
  "LICENSE_NUMBER",
  "VEHICLE_ID",
  "DEVICE_ID",
  "URL",
  "IP_ADDRESS",
  "ADDRESS",
  "ZIP_CODE",
  "CREDIT_CARD",
  "AGE_OVER_89",
] as const;

export type PhiType = (typeof PHI_TYPES)[number];

/** `start` inclusive, `end` exclusive, both UTF-16 offsets into the scanned text. */
export interface PhiFinding {
  type: PhiType;
  start: number;
  end: number;
  confidence?: number;
}

/** A finding every detector must score, so overlaps can be settled by confidence. */
export interface Candidate extends PhiFinding {
  confidence: number;
}

export type MaskStyle = "type" | "partial" | "hash";

export interface MaskOptions {
  style: MaskStyle;
  /** HMAC key for `hash`; tokens link across events only while the key stays the same. */
  key?: string;
}

export type PhiAction = "mask" | "block" | "alert" | "allow";

export type PolicyOutcome = "allowed" | "masked" | "blocked" | "alerted";

export interface PhiPolicy {
  defaults: PhiAction;
  perType?: Partial<Record<PhiType, PhiAction>>;
}
