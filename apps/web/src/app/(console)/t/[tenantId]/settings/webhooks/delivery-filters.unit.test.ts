import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE } from "@frontdesk/api/webhook-events";
import {
  DELIVERIES_PAGE_SIZE,
  deliveriesListInput as withCatalogue,
  hasFilters,
  type DeliveryFilters,
} from "./delivery-filters";

const catalogue = { types: WEBHOOK_EVENT_TYPES, testType: WEBHOOK_TEST_EVENT_TYPE };
const deliveriesListInput = (f: DeliveryFilters, cursor: string | null, timeZone: string) =>
  withCatalogue(f, cursor, timeZone, catalogue);

const none = { endpoint: null, type: null, status: null, from: null, to: null };
const ENDPOINT = "0b7c3c3e-6a3e-4d5a-9f1e-2b2f6a7c8d9e";

describe("deliveriesListInput", () => {
  it("asks for the first page without filters", () => {
    expect(deliveriesListInput(none, null, "UTC")).toEqual({
      ok: true,
      input: { limit: DELIVERIES_PAGE_SIZE },
    });
    expect(hasFilters(none)).toBe(false);
  });

  it("maps endpoint, event type, status, days and the cursor to the API's names", () => {
    const f = {
      endpoint: ENDPOINT,
      type: "booking.created",
      status: "failed",
      from: "2026-03-08",
      to: "2026-03-08",
    };
    expect(deliveriesListInput(f, "c1", "America/New_York")).toEqual({
      ok: true,
      input: {
        limit: DELIVERIES_PAGE_SIZE,
        endpointId: ENDPOINT,
        eventType: "booking.created",
        status: "failed",
        from: new Date("2026-03-08T05:00:00Z"),
        to: new Date("2026-03-09T04:00:00Z"),
        cursor: "c1",
      },
    });
    expect(hasFilters(f)).toBe(true);
  });

  it("accepts the test event type", () => {
    expect(deliveriesListInput({ ...none, type: "webhook.test" }, null, "UTC")).toMatchObject({
      ok: true,
      input: { eventType: "webhook.test" },
    });
  });

  it("refuses a hand-edited URL's unknown values with a message instead of asking the API", () => {
    expect(deliveriesListInput({ ...none, endpoint: "nope" }, null, "UTC")).toEqual({
      ok: false,
      message: "Endpoint is not a valid endpoint id.",
    });
    expect(deliveriesListInput({ ...none, type: "booking.exploded" }, null, "UTC")).toMatchObject({
      ok: false,
    });
    expect(deliveriesListInput({ ...none, status: "lost" }, null, "UTC")).toEqual({
      ok: false,
      message: "Status must be pending, succeeded or failed.",
    });
    expect(
      deliveriesListInput({ ...none, from: "2026-03-09", to: "2026-03-08" }, null, "UTC"),
    ).toEqual({ ok: false, message: "From must be on or before To." });
  });
});
