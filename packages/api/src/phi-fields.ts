// How every string a procedure accepts is kept from storing raw PHI, declared on its zod schema.
//
// Each string leaf, record key and free JSON value of every procedure's input carries one of these
// declarations (zod metadata: `.meta({ phi: "gated" })`, through `phiField`). A test walks every
// procedure's input schema and fails on a string that has none, so a new field cannot ship
// unclassified; another writes PHI into every declared field through the real router and checks
// that the declaration holds (refused, rejected by its shape, or stored nowhere raw).
//
//   gated     passed through the PHI gate (`gateText`) before it is stored: the tenant's policy
//             masks, alerts on or blocks (PRECONDITION_FAILED) what it finds. On a JSON value, every
//             string and every key in it, at any depth.
//   screened  a label stored as given that is refused (BAD_REQUEST) when the detector finds
//             anything in it, whatever the policy.
//   token     a shape that cannot hold an identifier (uuid, ISO instant, `HH:MM`, IANA time zone,
//             ISO codes, a slot id built from those): the schema itself refuses SSNs, phone numbers
//             and names. Stored as given.
//   hashed    any text, stored only as its SHA-256 (idempotency keys): equal keys still match.
//   lookup    matched against stored rows (filters, cursors, a name to archive), never written.
//   transient used for the call and stored nowhere (text to scan or to score, a return URL).
//   identity  holds a person's contact identity on purpose (attendee name and email, customer email,
//             shipping address, an invitee's email): stored as given, readable only inside the
//             tenant (RLS). The only strings stored raw.
import type { z } from "zod";

export const PHI_FIELD_KINDS = [
  "gated",
  "screened",
  "token",
  "hashed",
  "lookup",
  "transient",
  "identity",
] as const;
export type PhiFieldKind = (typeof PHI_FIELD_KINDS)[number];

declare module "zod" {
  interface GlobalMeta {
    /** How this input keeps raw PHI out of storage (packages/api/src/phi-fields.ts). */
    phi?: PhiFieldKind;
  }
}

/** Declares how a schema's strings are kept from storing raw PHI. */
export function phiField<T extends z.ZodType>(kind: PhiFieldKind, schema: T): T {
  return schema.meta({ phi: kind });
}
