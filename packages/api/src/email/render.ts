// Renders a message from its template and props: HTML (React Email) and its plain-text alternative.
import { render, toPlainText } from "@react-email/render";
import type { z } from "zod";
import { signLink, addressHash } from "./links";
import type { MailConfig } from "./config";
import type { EmailTemplate, RenderLinks } from "./template";
import { emailTemplates, isEmailTemplateName } from "./templates";

/** Manage links stay valid this long after the booking ends. */
const MANAGE_LINK_GRACE_MS = 30 * 86_400_000;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The signed one-click unsubscribe URL (RFC 8058 POST), for the List-Unsubscribe header (templates with `optOut`). */
  unsubscribeUrl: string | null;
}

export class EmailRenderError extends Error {
  override readonly name = "EmailRenderError";
}

export function renderLinks(
  config: Pick<MailConfig, "appUrl" | "linkSecret">,
  tenantId: string | null,
  to: string,
  optOut: boolean,
): RenderLinks {
  const url = (path: string) => new URL(path, config.appUrl).toString();
  return {
    appUrl: config.appUrl,
    url,
    manageBooking(bookingId, endsAt) {
      if (!tenantId) throw new EmailRenderError("a booking link needs the message's tenant");
      const exp = Math.floor((endsAt.getTime() + MANAGE_LINK_GRACE_MS) / 1000);
      return url(
        `/booking?token=${signLink(config.linkSecret, { p: "booking", t: tenantId, b: bookingId, exp })}`,
      );
    },
    unsubscribeUrl:
      optOut && tenantId
        ? url(
            `/email/unsubscribe?token=${signLink(config.linkSecret, { p: "unsubscribe", t: tenantId, h: addressHash(to) })}`,
          )
        : null,
  };
}

/** Throws EmailRenderError for an unknown template or props its schema refuses (never retried). */
export async function renderEmail(
  config: Pick<MailConfig, "appUrl" | "linkSecret">,
  message: { template: string; props: unknown; tenantId: string | null; to: string },
): Promise<RenderedEmail> {
  if (!isEmailTemplateName(message.template))
    throw new EmailRenderError(`unknown template ${message.template}`);
  const template: EmailTemplate<z.ZodType> = emailTemplates[message.template];
  const parsed = template.props.safeParse(message.props);
  if (!parsed.success)
    throw new EmailRenderError(`props do not match template ${message.template}`);
  const links = renderLinks(config, message.tenantId, message.to, template.optOut);
  const { subject, body } = template.render(parsed.data, links);
  const html = await render(body);
  // The text part is derived from the same HTML, so the two can never say different things.
  const text = toPlainText(html);
  // The header's URL is POSTed to by mail clients (one click); the link in the body opens the page.
  const oneClick =
    links.unsubscribeUrl?.replace("/email/unsubscribe?", "/api/email/unsubscribe?") ?? null;
  return { subject, html, text, unsubscribeUrl: oneClick };
}
