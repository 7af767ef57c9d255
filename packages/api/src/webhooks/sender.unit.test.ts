// The webhook sender's SSRF guard. Every refusal is proven to happen before a connection is opened,
// using only loopback: a real server on 127.0.0.1 counts the connections it receives, and a target the
// policy refuses must leave that count at zero. No test sends anything to a non-loopback address:
// refused addresses are only ever resolved to, never connected to.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusalOf, sendWebhook, urlProblem, type SendPolicy } from "./sender";

let server: Server;
let port: number;
let connections = 0;
let requests = 0;
let answer: (res: ServerResponse) => void = (res) => res.end("ok");

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    answer(res);
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const strict: SendPolicy = { allowLoopback: false, allowHttp: true };
const dev: SendPolicy = { allowLoopback: true, allowHttp: true };
const send = (
  url: string,
  policy: SendPolicy,
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>,
) => sendWebhook({ url, body: "{}", headers: {}, timeoutMs: 2_000, resolve }, policy);

describe("refusalOf", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["fc00::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["64:ff9b::a00:1", "rfc6052"],
    ["2002:a00:1::1", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    expect(refusalOf(address, { allowLoopback: false })).toContain(range);
  });

  it.each(["8.8.8.8", "93.184.216.34", "2606:4700::1111"])(
    "allows the public address %s",
    (address) => {
      expect(refusalOf(address, { allowLoopback: false })).toBeNull();
    },
  );

  it("allows loopback only when the policy says so", () => {
    expect(refusalOf("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(refusalOf("10.0.0.1", { allowLoopback: true })).toContain("private");
  });
});

describe("urlProblem", () => {
  it("needs https in production, and never credentials or other schemes", () => {
    expect(urlProblem("http://hooks.example.com/x", { allowHttp: false })).toBe("must use https");
    expect(urlProblem("https://hooks.example.com/x", { allowHttp: false })).toBeNull();
    expect(urlProblem("https://u:p@hooks.example.com/x", { allowHttp: true })).toMatch(
      /credentials/,
    );
    expect(urlProblem("file:///etc/passwd", { allowHttp: true })).toBe("must use https");
    expect(urlProblem("gopher://x", { allowHttp: true })).toBe("must use https");
  });

  it("allows plain http in production only to a loopback literal, and only when loopback is allowed", () => {
    const production = { allowHttp: false, allowLoopback: true };
    expect(urlProblem("http://127.0.0.1:8080/x", production)).toBeNull();
    expect(urlProblem("http://[::1]:8080/x", production)).toBeNull();
    expect(urlProblem("http://localhost:8080/x", production)).toBe("must use https");
    expect(urlProblem("http://192.0.2.7/x", production)).toBe("must use https");
    expect(urlProblem("http://127.0.0.1:8080/x", { allowHttp: false, allowLoopback: false })).toBe(
      "must use https",
    );
  });
});

describe("sendWebhook", () => {
  it("delivers to an allowed target and reads at most 4 KiB of the answer", async () => {
    answer = (res) => res.end("x".repeat(100_000));
    const result = await send(`http://127.0.0.1:${port}/h`, dev);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.response.length).toBe(4096);
    answer = (res) => res.end("ok");
  });

  it("refuses a loopback literal before any connection is opened", async () => {
    const before = connections;
    const result = await send(`http://127.0.0.1:${port}/h`, strict);
    expect(result).toMatchObject({ ok: false, status: null, refused: true });
    expect(result.response).toMatch(/loopback/);
    // The same address spelled as a decimal number, in hex, and as an IPv4-mapped IPv6 literal.
    for (const host of ["2130706433", "0x7f.0.0.1", "[::ffff:127.0.0.1]"]) {
      expect(await send(`http://${host}:${port}/h`, strict)).toMatchObject({
        ok: false,
        refused: true,
      });
    }
    expect(connections).toBe(before);
  });

  it("refuses a host name that resolves to a refused address, before connecting", async () => {
    const before = connections;
    // The name resolves to our own loopback server: were the check after the connect, it would count.
    const result = await send(`http://hooks.tenant.test:${port}/h`, strict, async () => [
      { address: "127.0.0.1", family: 4 },
    ]);
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(connections).toBe(before);
  });

  it("refuses a name whose answers mix an allowed address with a refused one (DNS rebinding)", async () => {
    const before = connections;
    const result = await send(`http://rebind.tenant.test:${port}/h`, dev, async () => [
      { address: "127.0.0.1", family: 4 },
      { address: "10.0.0.1", family: 4 },
    ]);
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(result.response).toMatch(/private/);
    expect(connections).toBe(before);
  });

  it("connects to the address it checked, resolving once", async () => {
    let lookups = 0;
    const before = requests;
    const result = await send(`http://checked.tenant.test:${port}/h`, dev, async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 }];
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(lookups).toBe(1);
    expect(requests).toBe(before + 1);
  });

  it("refuses http:// under the production policy without resolving or connecting", async () => {
    const before = connections;
    let lookups = 0;
    const result = await sendWebhook(
      {
        url: `http://checked.tenant.test:${port}/h`,
        body: "{}",
        headers: {},
        resolve: async () => {
          lookups++;
          return [{ address: "127.0.0.1", family: 4 }];
        },
      },
      { allowLoopback: true, allowHttp: false },
    );
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(lookups).toBe(0);
    expect(connections).toBe(before);
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    answer = (res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const before = requests;
    const result = await send(`http://127.0.0.1:${port}/h`, dev);
    expect(result).toMatchObject({ ok: false, status: 302 });
    expect(requests).toBe(before + 1);
    answer = (res) => res.end("ok");
  });

  it("gives up on a receiver that does not answer within the deadline", async () => {
    answer = () => undefined; // never answers
    const result = await sendWebhook(
      { url: `http://127.0.0.1:${port}/slow`, body: "{}", headers: {}, timeoutMs: 300 },
      dev,
    );
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.response).toMatch(/No answer within 300 ms/);
    answer = (res) => res.end("ok");
  });
});
