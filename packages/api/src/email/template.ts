// What a template is: a zod schema for its props (checked when the message is enqueued and again when
// the worker renders it) and a render function giving the subject and the React Email body.
import type { ReactElement } from "react";
import type { z } from "zod";

/** What a template gets besides its props, filled in by the sender at render time. */
export interface RenderLinks {
  /** The console's public origin, e.g. `https://console.example.com`. */
  appUrl: string;
  /** An absolute URL on the console for `path` (which starts with `/`). */
  url(path: string): string;
  /** The signed page where the attendee sees (and may cancel) booking `bookingId`. */
  manageBooking(bookingId: string, endsAt: Date): string;
  /** The signed one-click unsubscribe link, for templates with `optOut` (null otherwise). */
  unsubscribeUrl: string | null;
}

export interface RenderedTemplate {
  subject: string;
  /** The inbox preview line. */
  preview: string;
  body: ReactElement;
}

export interface EmailTemplate<P extends z.ZodType> {
  /** Bounded, PHI-free props: ids, instants, names of tenants and resources, one-time tokens. */
  readonly props: P;
  /**
   * Notices a recipient may stop (booking notices): each carries an unsubscribe link, and a tenant's
   * opted-out address gets none (checked when enqueued and again when sent). Needs a tenant.
   */
  readonly optOut: boolean;
  render(props: z.output<P>, links: RenderLinks): RenderedTemplate;
}

export function defineTemplate<P extends z.ZodType>(template: EmailTemplate<P>): EmailTemplate<P> {
  return template;
}
