// A real SMTP server for tests, in the test process on loopback (the `smtp-server` package), with
// every received message parsed by `mailparser`. It can refuse mail (to prove retries and dead
// letters) and be closed and reopened on the same port (SMTP down, then back).
//
//   const smtp = await startSmtpReceiver();
//   const config = { ...mailConfig, smtpUrl: smtp.url };
//   ... deliver ...
//   const [message] = await smtp.waitFor((m) => m.to.includes("ada@example.com"));
//   await smtp.close();
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedEmail {
  from: string;
  /** Recipient addresses, lower-cased. */
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
  /** The List-Unsubscribe URL (RFC 2369), or null. */
  listUnsubscribe: string | null;
  /** The message as it came over the wire (headers and every MIME part). */
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedEmail[];
  /** While true, every message is refused with a 451 (temporary failure). */
  refuse: boolean;
  /** Resolves with the messages `match` accepts once there is at least one (polls; bounded). */
  waitFor(match: (m: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /** Stops listening (connections are refused: SMTP down) until `reopen()`. */
  close(): Promise<void>;
  reopen(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}

/** mailparser folds the List-* headers into one `list` object: `{ unsubscribe: { url } }`. */
function listUnsubscribeOf(list: unknown): string | null {
  if (typeof list !== "object" || list === null || !("unsubscribe" in list)) return null;
  const unsubscribe: unknown = list.unsubscribe;
  const first: unknown = Array.isArray(unsubscribe) ? unsubscribe[0] : unsubscribe;
  return typeof first === "object" &&
    first !== null &&
    "url" in first &&
    typeof first.url === "string"
    ? first.url
    : null;
}

export async function startSmtpReceiver(options: { port?: number } = {}): Promise<SmtpReceiver> {
  const received: ReceivedEmail[] = [];
  const state = { refuse: false };
  const create = () =>
    new SMTPServer({
      // Plain SMTP on loopback: no TLS to negotiate, no credentials to check.
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (state.refuse) {
            callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
            return;
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw).then(
            (parsed) => {
              received.push({
                from: addresses(parsed.from).join(", "),
                to: addresses(parsed.to),
                subject: parsed.subject ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                text: parsed.text ?? "",
                messageId: parsed.messageId ?? "",
                headers: parsed.headers,
                listUnsubscribe: listUnsubscribeOf(parsed.headers.get("list")),
                raw,
              });
              callback();
            },
            (err: unknown) =>
              callback(err instanceof Error ? err : new Error("unparseable message")),
          );
        });
      },
    });
  let server = create();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  let open = true;
  const receiver: SmtpReceiver = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get refuse() {
      return state.refuse;
    },
    set refuse(value: boolean) {
      state.refuse = value;
    },
    async waitFor(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter(match);
        if (found.length > 0) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no matching email arrived in ${timeoutMs} ms (${received.length} received)`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      if (!open) return;
      open = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async reopen() {
      if (open) return;
      server = create();
      await listen(port);
      open = true;
    },
  };
  return receiver;
}
