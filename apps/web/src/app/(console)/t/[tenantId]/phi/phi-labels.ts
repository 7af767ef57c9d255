// Names, descriptions and badge styles for the PHI section: the 18 PHI types, the policy actions a
// tenant chooses and the actions recorded on events. Types come from the API's own output types, so a
// type added to the API fails the typecheck here until it is described.
import type { RouterOutputs } from "@frontdesk/api";
import type { VariantProps } from "class-variance-authority";
import type { badgeVariants } from "@/components/ui/badge";

export type PhiType = RouterOutputs["phiEvents"]["list"]["items"][number]["type"];
export type PhiActionTaken = RouterOutputs["phiEvents"]["list"]["items"][number]["action"];
export type PhiPolicyAction = RouterOutputs["phi"]["policy"]["get"]["defaults"];
export type MaskStyle = RouterOutputs["phi"]["policy"]["get"]["maskStyle"];
export type ScanOutcome = RouterOutputs["phi"]["scan"]["action"];
type BadgeVariant = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

/** What each HIPAA Safe Harbor identifier is, in words (API order). */
export const PHI_TYPE_DESCRIPTIONS: Record<PhiType, string> = {
  NAME: "Person names",
  DATE: "Dates tied to a person (birth, admission, discharge…)",
  PHONE: "Telephone numbers",
  FAX: "Fax numbers",
  EMAIL: "Email addresses",
  SSN: "Social Security numbers",
  MRN: "Medical record numbers",
  HEALTH_PLAN_ID: "Health plan beneficiary numbers",
  ACCOUNT_NUMBER: "Account numbers",
  LICENSE_NUMBER: "Certificate and license numbers",
  VEHICLE_ID: "Vehicle identifiers and licence plates",
  DEVICE_ID: "Device identifiers and serial numbers",
  URL: "Web addresses",
  IP_ADDRESS: "IP addresses",
  ADDRESS: "Street addresses",
  ZIP_CODE: "ZIP codes",
  CREDIT_CARD: "Payment card numbers",
  AGE_OVER_89: "Ages over 89",
};

export const PHI_TYPES = Object.keys(PHI_TYPE_DESCRIPTIONS) as PhiType[];

export const PHI_ACTIONS_TAKEN = [
  "masked",
  "blocked",
  "alerted",
] as const satisfies readonly PhiActionTaken[];

export const PHI_POLICY_ACTIONS = [
  "allow",
  "mask",
  "block",
  "alert",
] as const satisfies readonly PhiPolicyAction[];

export const POLICY_ACTION_INFO: Record<PhiPolicyAction, { label: string; explanation: string }> = {
  allow: {
    label: "Allow",
    explanation:
      "Stored as written. No event is recorded. Use only for types this tenant may keep in free text.",
  },
  mask: {
    label: "Mask",
    explanation:
      "The value is replaced by a mask (for example [SSN]) before the text is stored, and a masked detection event is recorded.",
  },
  block: {
    label: "Block",
    explanation:
      "The whole write is refused with an error naming the type. Nothing of it is stored; a masked detection event is recorded.",
  },
  alert: {
    label: "Alert",
    explanation:
      "Masked as with Mask, and an alert (ids, types and counts only, never text) is queued for the tenant's admins.",
  },
};

export const MASK_STYLE_INFO: Record<MaskStyle, { label: string; explanation: string }> = {
  type: { label: "Type token", explanation: "Each value becomes its type, e.g. [SSN]." },
  partial: {
    label: "Partial",
    explanation: "Keeps a harmless part, e.g. ***-**-4190 or initials for names.",
  },
  hash: {
    label: "Keyed hash",
    explanation:
      "Each value becomes a short tenant-keyed token, e.g. [PHONE:1a2b3c4d], so repeats of one value can be linked.",
  },
};

export const ACTION_TAKEN_INFO: Record<PhiActionTaken, { label: string; variant: BadgeVariant }> = {
  masked: { label: "Masked", variant: "info" },
  blocked: { label: "Blocked", variant: "destructive" },
  alerted: { label: "Alerted", variant: "warning" },
};

export const SCAN_OUTCOME_INFO: Record<
  ScanOutcome,
  { label: string; variant: BadgeVariant; explanation: string }
> = {
  allowed: {
    label: "Allowed",
    variant: "success",
    explanation: "A write of this text would be stored as written.",
  },
  masked: {
    label: "Masked",
    variant: "info",
    explanation: "A write of this text would be stored with the findings below masked.",
  },
  blocked: {
    label: "Blocked",
    variant: "destructive",
    explanation: "A write of this text would be refused by the policy.",
  },
  alerted: {
    label: "Alerted",
    variant: "warning",
    explanation: "A write of this text would be stored masked, and an alert would be queued.",
  },
};
