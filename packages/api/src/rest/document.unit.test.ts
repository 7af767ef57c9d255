// The OpenAPI document: valid OpenAPI 3.1 by a real validator, committed as generated, and covering
// every integrator-facing procedure (and no console-only one).
import { readFile } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { POLICY } from "../policy";
import { openApiDocumentJson } from "./document";
import { generatedTypes } from "./openapi-cli";
import { restRoutes } from "./routes";

const INTEGRATOR_DOMAINS = ["bookings", "scores", "metrics", "orders", "phi", "phiEvents"];

const committed = (path: string) => readFile(new URL(path, import.meta.url), "utf8");

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (swagger-parser validates it against the specification's schema)", async () => {
    const document = JSON.parse(openApiDocumentJson()) as Parameters<
      typeof SwaggerParser.validate
    >[0];
    const api = await SwaggerParser.validate(document);
    expect(api).toMatchObject({ openapi: "3.1.0" });
  });

  it("is committed as generated (docs/openapi.json and its TypeScript types)", async () => {
    const generated = openApiDocumentJson();
    expect(await committed("../../../../docs/openapi.json")).toBe(generated);
    expect(await committed("./fixtures/openapi-types.ts")).toBe(await generatedTypes(generated));
  });

  it("has a route for every integrator-facing procedure and none for the console's", () => {
    const routed = new Set(restRoutes().map((r) => r.procedure));
    const integratorFacing = Object.keys(POLICY).filter((p) =>
      INTEGRATOR_DOMAINS.includes(p.split(".")[0] ?? ""),
    );
    expect([...routed].sort()).toEqual(integratorFacing.sort());
  });

  it("gives every operation a unique id and names its procedure", () => {
    const document = JSON.parse(openApiDocumentJson()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; "x-frontdesk-procedure": string }>
      >;
    };
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(restRoutes().length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });
});
