/** @jsxRuntime automatic @jsxImportSource react */
// Booking notices to attendees: confirmation, cancellation, reschedule and reminder. They carry the
// time (in the resource's zone, named), the resource, the tenant's name and a manage link — never
// the attendee's name, the notes or any other free text a patient wrote (PHI).
import { Button, Text } from "@react-email/components";
import { z } from "zod";
import { defineTemplate, type RenderLinks } from "../template";
import { Layout, styles } from "./layout";

const name = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true });

export const bookingNoticeProps = z.object({
  bookingId: z.uuid(),
  tenantName: name,
  resourceName: name,
  /** IANA zone the time is shown in (the resource's). */
  timeZone: z.string().min(1).max(64),
  startsAt: instant,
  endsAt: instant,
});
export type BookingNoticeProps = z.output<typeof bookingNoticeProps>;

/** "Sunday, March 8, 2026, 9:00 AM EDT" in `timeZone`; UTC when the zone is unknown to this runtime. */
export function formatInZone(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(new Date(iso));
  }
}

const REASON = "You get this message because a booking was made for this address.";

function When({ props, label = "When" }: { props: BookingNoticeProps; label?: string }) {
  return (
    <>
      <Text style={styles.label}>{label}</Text>
      <Text style={styles.value}>{formatInZone(props.startsAt, props.timeZone)}</Text>
      <Text style={styles.label}>With</Text>
      <Text style={styles.value}>{props.resourceName}</Text>
    </>
  );
}

function Manage({
  props,
  links,
  text = "View or cancel your booking",
}: {
  props: BookingNoticeProps;
  links: RenderLinks;
  text?: string;
}) {
  return (
    <Button
      href={links.manageBooking(props.bookingId, new Date(props.endsAt))}
      style={styles.button}
    >
      {text}
    </Button>
  );
}

export const bookingConfirmation = defineTemplate({
  props: bookingNoticeProps.extend({ status: z.enum(["confirmed", "pending"]) }),
  optOut: true,
  render(props, links) {
    const confirmed = props.status === "confirmed";
    const when = formatInZone(props.startsAt, props.timeZone);
    const title = confirmed ? "Your booking is confirmed" : "We received your booking request";
    return {
      subject: confirmed ? `Booking confirmed: ${when}` : `Booking request received: ${when}`,
      preview: `${props.tenantName}: ${when}`,
      body: (
        <Layout
          preview={`${props.tenantName}: ${when}`}
          senderName={props.tenantName}
          title={title}
          reason={REASON}
          unsubscribeUrl={links.unsubscribeUrl}
        >
          <Text style={styles.text}>
            {confirmed
              ? `${props.tenantName} has confirmed your booking.`
              : `${props.tenantName} will confirm your booking shortly; you will get another message when they do.`}
          </Text>
          <When props={props} />
          <Manage props={props} links={links} />
        </Layout>
      ),
    };
  },
});

export const bookingCancellation = defineTemplate({
  props: bookingNoticeProps,
  optOut: true,
  render(props, links) {
    const when = formatInZone(props.startsAt, props.timeZone);
    return {
      subject: `Booking cancelled: ${when}`,
      preview: `${props.tenantName}: ${when} is cancelled`,
      body: (
        <Layout
          preview={`${props.tenantName}: ${when} is cancelled`}
          senderName={props.tenantName}
          title="Your booking is cancelled"
          reason={REASON}
          unsubscribeUrl={links.unsubscribeUrl}
        >
          <Text
            style={styles.text}
          >{`${props.tenantName} has cancelled this booking. Nothing else is needed from you.`}</Text>
          <When props={props} label="Was" />
          <Manage props={props} links={links} text="View the booking" />
        </Layout>
      ),
    };
  },
});

export const bookingRescheduled = defineTemplate({
  props: bookingNoticeProps.extend({ previousStartsAt: instant }),
  optOut: true,
  render(props, links) {
    const when = formatInZone(props.startsAt, props.timeZone);
    const before = formatInZone(props.previousStartsAt, props.timeZone);
    return {
      subject: `Booking moved to ${when}`,
      preview: `${props.tenantName}: moved from ${before} to ${when}`,
      body: (
        <Layout
          preview={`${props.tenantName}: moved from ${before} to ${when}`}
          senderName={props.tenantName}
          title="Your booking has a new time"
          reason={REASON}
          unsubscribeUrl={links.unsubscribeUrl}
        >
          <Text style={styles.label}>Before</Text>
          <Text style={styles.old}>{before}</Text>
          <When props={props} label="Now" />
          <Manage props={props} links={links} />
        </Layout>
      ),
    };
  },
});

export const bookingReminder = defineTemplate({
  props: bookingNoticeProps,
  optOut: true,
  render(props, links) {
    const when = formatInZone(props.startsAt, props.timeZone);
    return {
      subject: `Reminder: ${when}`,
      preview: `${props.tenantName}: your booking is coming up`,
      body: (
        <Layout
          preview={`${props.tenantName}: your booking is coming up`}
          senderName={props.tenantName}
          title="Your booking is coming up"
          reason={REASON}
          unsubscribeUrl={links.unsubscribeUrl}
        >
          <When props={props} />
          <Manage props={props} links={links} text="View or cancel" />
        </Layout>
      ),
    };
  },
});
