import { buildOpenApiDocument } from "@frontdesk/api";
import { describe, expect, it } from "vitest";
import { anchor, constraints, referenceView, typeLabel, type OpenApiDocument } from "./reference";

const doc = JSON.parse(JSON.stringify(buildOpenApiDocument())) as OpenApiDocument;
const view = referenceView(doc);
const operation = (method: string, path: string) =>
  view.flatMap((t) => t.operations).find((o) => o.method === method && o.path === path);

describe("API reference view", () => {
  it("lists every operation of the document once, grouped under its tag", () => {
    const expected = Object.values(doc.paths).flatMap((item) =>
      Object.keys(item).filter((k) => k !== "parameters"),
    ).length;
    expect(view.flatMap((t) => t.operations)).toHaveLength(expected);
    expect(view.map((t) => t.name)).toEqual(
      (doc.tags ?? []).map((t) => t.name).filter((n) => view.some((v) => v.name === n)),
    );
    const ids = view.flatMap((t) => [t.id, ...t.operations.map((o) => o.id)]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows POST /api/v1/bookings with its body fields, bounds, auth and error codes", () => {
    const create = operation("POST", "/api/v1/bookings");
    expect(create?.auth).toMatch(/Bearer/);
    const name = create?.body.find((f) => f.name === "attendee.name");
    expect(name).toMatchObject({
      type: "string",
      required: true,
      constraints: ["1–200 characters"],
    });
    expect(create?.body.find((f) => f.name === "holdMinutes")).toMatchObject({
      type: "integer",
      required: false,
      constraints: ["1–1440"],
    });
    expect(create?.parameters.find((p) => p.name === "Idempotency-Key")).toBeDefined();
    expect(create?.parameterLocations["Idempotency-Key"]).toBe("header");
    const byStatus = Object.fromEntries((create?.responses ?? []).map((r) => [r.status, r]));
    expect(byStatus["201"]?.bodyName).toBe("Booking");
    expect(byStatus["201"]?.fields.find((f) => f.name === "status")?.enumValues).toEqual([
      "pending",
      "confirmed",
      "cancelled",
      "expired",
    ]);
    expect(byStatus["409"]?.errorCode).toBe("CONFLICT");
    expect(byStatus["412"]?.errorCode).toBe("PRECONDITION_FAILED");
  });

  it("describes types and bounds in words", () => {
    expect(typeLabel({ anyOf: [{ type: "string", format: "uuid" }, { type: "null" }] })).toBe(
      "string | null",
    );
    expect(typeLabel({ type: "array", items: { $ref: "#/components/schemas/Booking" } })).toBe(
      "Booking[]",
    );
    // zod-openapi's safe-integer bounds on a plain int say nothing and are left out.
    expect(
      constraints({ type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 }),
    ).toEqual([]);
    expect(constraints({ type: "string", maxLength: 100 })).toEqual(["≤ 100 characters"]);
    expect(anchor("tag", "PHI events")).toBe("tag-phi-events");
  });
});
