// Every string any procedure accepts is declared (phi-fields.ts): this walks every procedure's input
// schema — string leaves, record keys (nested too) and free JSON values — and fails on one that is
// neither gated nor declared safe, so a field added tomorrow is classified or the build is red.
// Whether each declaration holds against real PHI is phi/gate-sweep.test.ts's job; the one thing
// that needs no database is checked here: a `token` shape refuses every canary by itself.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  listProcedures,
  phiLeaves,
  procedurePhiLeaves,
} from "@frontdesk/testing/sweeps/router-walk";
import { PHI_FIELD_KINDS } from "../phi-fields";

/** Identifiers a token shape must refuse: SSNs, phones (with an extension), names, MRNs, cards, emails. */
const CANARIES = [
  "521-73-4190",
  "521734190",
  "(555) 010-4477",
  "+1-903-140-4508x769",
  "Zelda Quartermain",
  "zelda",
  "00482913",
  "4539148803436467",
  "zelda.quartermain@example.org",
];

const leaves = procedurePhiLeaves();
const label = (l: (typeof leaves)[number]) =>
  `${l.procedure.path}: ${l.path || "(input)"} (${l.what})`;

describe("PHI declarations on procedure inputs", () => {
  it("finds the strings of every kind of place (sanity of the walker)", () => {
    const paths = new Set(leaves.map((l) => `${l.procedure.path}:${l.path}`));
    for (const expected of [
      "scores.record:comment",
      "scores.record:metadata",
      "scores.record:value|1",
      "metrics.record:tags{key}",
      "metrics.record:tags{value}",
      "metrics.recordBatch:points[].unit",
      "orders.create:items[].name",
      "orders.create:idempotencyKey",
      "bookings.create:attendee.name",
      "tenant.update:name",
    ])
      expect(paths, expected).toContain(expected);
    expect(listProcedures().length).toBeGreaterThan(50);
  });

  it("every string leaf, record key and free value of every procedure is declared", () => {
    const undeclared = leaves.filter((l) => l.kind === null).map(label);
    expect(undeclared).toEqual([]);
  });

  it("a catch-all or free value (custom, any, unknown, JSON) is only accepted gated", () => {
    const free = leaves
      .filter((l) => l.what === "free" && l.kind !== "gated" && l.kind !== "transient")
      .map(label);
    expect(free).toEqual([]);
  });

  it("queries take only lookups, tokens and transient values (they run read-only and store nothing)", () => {
    const odd = leaves
      .filter(
        (l) =>
          l.procedure.type === "query" && !["lookup", "token", "transient"].includes(l.kind ?? ""),
      )
      .map(label);
    expect(odd).toEqual([]);
  });

  it("a token shape refuses every canary on its own", () => {
    const tokens = leaves.filter((l) => l.kind === "token");
    expect(tokens.length).toBeGreaterThan(10);
    const accepted = tokens.flatMap((l) =>
      CANARIES.filter((canary) => (l.declaredBy as z.ZodType).safeParse(canary).success).map(
        (canary) => `${label(l)} accepts ${canary}`,
      ),
    );
    expect(accepted).toEqual([]);
  });

  it("uses only the declared kinds", () => {
    expect(
      leaves
        .filter((l) => l.kind !== null && !(PHI_FIELD_KINDS as readonly string[]).includes(l.kind))
        .map(label),
    ).toEqual([]);
  });

  it("fails for an undeclared string, record key, nested key or loose object (the walker itself)", () => {
    const gated = z.string().meta({ phi: "gated" });
    const schema = z.object({
      ok: gated,
      plain: z.string(),
      tags: z.record(z.string(), gated),
      nested: z.object({ deep: z.array(z.object({ x: z.string().optional() })) }),
      loose: z.looseObject({ a: gated }),
      json: z.json(),
      declaredJson: z.json().meta({ phi: "gated" }),
      enumKeys: z.record(z.enum(["a", "b"]), z.number()),
    });
    const undeclared = phiLeaves(schema)
      .filter((l) => l.kind === null)
      .map((l) => l.path);
    expect(undeclared).toEqual(
      expect.arrayContaining(["plain", "tags{key}", "nested.deep[].x", "loose.*"]),
    );
    expect(undeclared.some((p) => p.startsWith("json"))).toBe(true);
    expect(
      undeclared.some(
        (p) => p.startsWith("declaredJson") || p.startsWith("ok") || p.startsWith("enumKeys"),
      ),
    ).toBe(false);
  });
});
