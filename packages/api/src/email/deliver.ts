// Sends what the outbox holds: claims due messages across tenants (the worker connects as the owner
// role), renders each, hands it to the transport and records the outcome. A failed send is retried
// with exponential backoff and, after MAX_ATTEMPTS, kept as `dead` (shown on the Health page, and
// sent again by `retryDeadEmails`): nothing is ever dropped.
//
// Delivery is at least once: a claim is a lease (available_at pushed past it), committed before the
// send, so no database transaction stays open while an SMTP server answers; a worker that dies
// mid-send leaves the row to be taken again once the lease ends. Every attempt carries the same
// Message-ID, which receivers deduplicate on.
import { sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import type { Logger } from "pino";
import { queryRows, type Db } from "@frontdesk/db";
import type { MailConfig } from "./config";
import { isOptedOut } from "./enqueue";
import { recipientDigest } from "./links";
import { DEAD_EMAIL_GRACE_DAYS, DIGEST_PATTERN } from "./retention";
import { EmailRenderError, renderEmail } from "./render";
import { emailTemplates, isEmailTemplateName } from "./templates";

export const MAX_ATTEMPTS = 8;
export const BATCH_SIZE = 20;
/** How long a claimed message is left to its sender before another run may take it. */
export const LEASE_SECONDS = 120;

/** Delay after `attempts` failed tries: 30 s, 1, 2, 4, 8, 16, 32 min… capped at 2 h (~2 h over 8 tries). */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 2 * 3600);
}

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** Where rendered messages go. Throwing means "not delivered; retry later". */
export interface MailTransport {
  readonly kind: "smtp" | "dev-mailbox";
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when `smtpUrl` is set; otherwise the development mailbox: the message is
 * kept in the database (the console's Development mailbox page shows it) and its links are logged.
 */
export function createMailTransport(
  config: Pick<MailConfig, "smtpUrl">,
  logger?: Logger,
): MailTransport {
  if (!config.smtpUrl) {
    return {
      kind: "dev-mailbox",
      send(message) {
        logger?.info(
          { messageId: message.messageId, subject: message.subject, links: linksOf(message.html) },
          "development mailbox: message kept (no SMTP_URL); open it on the console's Development mailbox page",
        );
        return Promise.resolve();
      },
      close() {},
    };
  }
  const transporter = createTransport({
    url: config.smtpUrl,
    // Bounded, so a silent relay fails the attempt (and it is retried) instead of holding the job.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "smtp",
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
    },
    close() {
      transporter.close();
    },
  };
}

/** The href targets of a rendered message, for the development log. Linear: no nested quantifiers. */
export function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/href="([^"]{1,2000})"/g)) {
    const href = match[1]?.replaceAll("&amp;", "&");
    if (href && !links.includes(href)) links.push(href);
  }
  return links;
}

/** What may be stored about a failed send: the error's class and code, never its message. */
function failureLabel(err: unknown): string {
  if (!(err instanceof Error)) return "non-error thrown";
  const code =
    "code" in err && (typeof err.code === "string" || typeof err.code === "number")
      ? ` (${String(err.code)})`
      : "";
  const status =
    "responseCode" in err && typeof err.responseCode === "number" ? ` ${err.responseCode}` : "";
  return `${err.name}${code}${status}`.slice(0, 200);
}

function messageIdFor(id: string, from: string): string {
  const domain = /@([\w.-]{1,253})>?\s*$/.exec(from)?.[1] ?? "frontdesk.invalid";
  return `<${id}@${domain}>`;
}

export interface DeliverResult {
  sent: number;
  /** Opted out since it was queued: not sent, on purpose. */
  suppressed: number;
  /** Failed this time, tried again later. */
  retrying: number;
  /** Failed for the last time (or cannot be rendered): kept as dead letters. */
  dead: number;
}

export interface DeliverOptions {
  batchSize?: number;
  maxAttempts?: number;
  leaseSeconds?: number;
  /** Confines a run to one tenant's messages (tests sharing a database). */
  tenantId?: string;
  /** Confines a run to these recipients (tests sharing a database). */
  to?: readonly string[];
  logger?: Logger;
}

type ClaimedRow = {
  id: string;
  tenant_id: string | null;
  template: string;
  to_address: string;
  props: unknown;
  attempts: number;
};

/** Sends one batch of due messages; returns what happened. Never throws for a failed send. */
export async function deliverDueEmails(
  db: Db,
  config: MailConfig,
  transport: MailTransport,
  options: DeliverOptions = {},
): Promise<DeliverResult> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const lease = options.leaseSeconds ?? LEASE_SECONDS;
  const result: DeliverResult = { sent: 0, suppressed: 0, retrying: 0, dead: 0 };
  const scope = sql.join(
    [
      options.tenantId ? sql`and tenant_id = ${options.tenantId}` : sql``,
      options.to ? sql`and to_address = any(${sql.param([...options.to])}::text[])` : sql``,
    ],
    sql` `,
  );
  const claimed = await queryRows<ClaimedRow>(
    db,
    sql`update email_messages set attempts = attempts + 1, available_at = now() + make_interval(secs => ${lease}::int)
        where id in (select id from email_messages
                     where status = 'pending' and available_at <= now() ${scope}
                     order by available_at, id
                     limit ${batchSize}
                     for update skip locked)
        returning id, tenant_id, template, to_address, props, attempts`,
  );
  for (const row of claimed) {
    const attempt = Number(row.attempts);
    const template = isEmailTemplateName(row.template) ? emailTemplates[row.template] : null;
    if (
      template?.optOut &&
      row.tenant_id &&
      (await isOptedOut(db, row.tenant_id, row.to_address))
    ) {
      await db.execute(
        sql`update email_messages set status = 'suppressed', props = '{}'::jsonb, last_error = null,
              to_address = ${recipientDigest(config.linkSecret, row.to_address)}
            where id = ${row.id}`,
      );
      result.suppressed++;
      continue;
    }
    let rendered;
    try {
      rendered = await renderEmail(config, {
        template: row.template,
        props: row.props,
        tenantId: row.tenant_id,
        to: row.to_address,
      });
    } catch (err) {
      // A message that cannot be rendered never will be: dead at once, for a person to look at.
      const label = err instanceof EmailRenderError ? "EmailRenderError" : failureLabel(err);
      await db.execute(
        sql`update email_messages set status = 'dead', last_error = ${label} where id = ${row.id}`,
      );
      options.logger?.error(
        { emailId: row.id, template: row.template, error: label },
        "email could not be rendered",
      );
      result.dead++;
      continue;
    }
    const messageId = messageIdFor(row.id, config.from);
    const headers: Record<string, string> = { "X-Frontdesk-Template": row.template };
    if (rendered.unsubscribeUrl) {
      // RFC 8058 one-click unsubscribe: mail clients show an Unsubscribe button that POSTs here.
      headers["List-Unsubscribe"] = `<${rendered.unsubscribeUrl}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    try {
      await transport.send({
        from: config.from,
        to: row.to_address,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId,
        headers,
      });
    } catch (err) {
      const dead = attempt >= maxAttempts;
      const label = failureLabel(err);
      await db.execute(
        sql`update email_messages set last_error = ${label}, status = ${dead ? "dead" : "pending"},
              available_at = now() + make_interval(secs => ${backoffSeconds(attempt)}::int)
            where id = ${row.id}`,
      );
      options.logger?.warn(
        { emailId: row.id, template: row.template, attempt, error: label, dead },
        "email not sent",
      );
      if (dead) result.dead++;
      else result.retrying++;
      continue;
    }
    const keep = transport.kind === "dev-mailbox";
    // Sent through SMTP, neither the props (which may hold a one-time link token) nor the address are
    // needed any more: the address becomes its keyed digest. The development mailbox is read back
    // from the row (by recipient too), so it keeps both until retention deletes the row.
    await db.execute(
      sql`update email_messages set status = 'sent', sent_at = now(), transport = ${transport.kind},
            subject = ${rendered.subject}, message_id = ${messageId}, last_error = null,
            html = ${keep ? rendered.html : null}, text_body = ${keep ? rendered.text : null}
            ${keep ? sql`` : sql`, props = '{}'::jsonb, to_address = ${recipientDigest(config.linkSecret, row.to_address)}`}
          where id = ${row.id}`,
    );
    result.sent++;
  }
  return result;
}

/**
 * Puts dead messages back in the queue (after the relay is fixed): every dead one still within its
 * grace (older ones have had their address erased), or those of one tenant. Returns how many.
 */
export async function retryDeadEmails(
  db: Db,
  options: { tenantId?: string } = {},
): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update email_messages set status = 'pending', attempts = 0, available_at = now(), last_error = null
        where status = 'dead' and to_address not like ${DIGEST_PATTERN}
          and updated_at >= now() - make_interval(days => ${DEAD_EMAIL_GRACE_DAYS}::int)
          ${options.tenantId ? sql`and tenant_id = ${options.tenantId}` : sql``}
        returning id`,
  );
  return rows.length;
}
