// verifyWebhook's refusals that a real delivery cannot produce: a signed body that is not a known
// event (a newer type), a signed body that is not JSON, and a secret of the wrong shape.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "./webhooks";

const secret = `whsec_${Buffer.from("a test secret of thirty-two bytes").toString("base64")}`;

function signed(body: string) {
  const id = randomUUID();
  const now = new Date();
  return {
    "webhook-id": id,
    "webhook-timestamp": Math.floor(now.getTime() / 1000).toString(),
    "webhook-signature": new Webhook(secret).sign(id, now, body),
  };
}

describe("verifyWebhook (unit)", () => {
  it("refuses a signed payload of an unknown type as `payload`, handing over the JSON", () => {
    const body = JSON.stringify({ id: randomUUID(), type: "booking.teleported", data: {} });
    const error = (() => {
      try {
        verifyWebhook(body, signed(body), secret);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe("payload");
    expect((error as WebhookVerificationError).payload).toMatchObject({
      type: "booking.teleported",
    });
  });

  it("refuses a signed body that is not JSON as `payload`", () => {
    expect(() => verifyWebhook("not json", signed("not json"), secret)).toThrow(
      expect.objectContaining({ reason: "payload" }),
    );
  });

  it("parses a well-formed test event", () => {
    const body = JSON.stringify({
      id: randomUUID(),
      type: "webhook.test",
      createdAt: new Date().toISOString(),
      tenantId: randomUUID(),
      data: { message: "hello" },
    });
    const event = verifyWebhook(new TextEncoder().encode(body), signed(body), secret);
    expect(event.type).toBe("webhook.test");
  });

  it("says what a secret must look like without echoing it", () => {
    expect(() => verifyWebhook("{}", signed("{}"), "whsec_%%%not-base64")).toThrow(
      /whsec_… signing secret/,
    );
  });
});
