import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { trpcErrorResponse } from "./http";

describe("trpcErrorResponse", () => {
  it("answers in tRPC's own error envelope so @trpc/client reads data.code", async () => {
    const response = trpcErrorResponse("PAYLOAD_TOO_LARGE", "Request body exceeds 1048576 bytes");

    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    expect(superjson.deserialize(body.error)).toEqual({
      message: "Request body exceeds 1048576 bytes",
      code: -32013,
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
  });
});
