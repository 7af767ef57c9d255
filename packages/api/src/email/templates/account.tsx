/** @jsxRuntime automatic @jsxImportSource react */
// Account mail: verifying an address, the "you already have an account" notice sign-up sends instead
// of saying so on the page, password reset, the notices after a password or address change, and
// invitations. Props are one-time tokens, names of tenants, roles and instants — never PHI, never
// the other address in full (an address change names the new one masked).
import { Button, Link, Text } from "@react-email/components";
import { z } from "zod";
import { defineTemplate } from "../template";
import { Layout, styles } from "./layout";

/** The one-time tokens of account links: 32 random bytes, base64url. */
export const accountLinkToken = z.string().regex(/^[\w-]{43}$/);
const tenantName = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
/** Where the person continues after verifying (an invitation): a path on the console, checked again by the page. */
const continuePath = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[\w\-./?=&%~]*$/);

const FRONTDESK = "Frontdesk";
const NOT_YOU =
  "If this was not you, you can ignore this message: nothing changes without the link.";

function when(iso: string): string {
  return new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export const verifyEmail = defineTemplate({
  props: z.object({
    token: accountLinkToken,
    /** The tenant the sign-up created, when it created one. */
    tenantName: tenantName.nullable().default(null),
    next: continuePath.nullable().default(null),
  }),
  optOut: false,
  render(props, links) {
    const query = new URLSearchParams({ token: props.token });
    if (props.next) query.set("next", props.next);
    const intro = props.tenantName
      ? `Confirm this address to finish creating your Frontdesk account and ${props.tenantName}.`
      : "Confirm this address to finish creating your Frontdesk account.";
    return {
      subject: "Verify your email address",
      preview: intro,
      body: (
        <Layout
          preview={intro}
          senderName={props.tenantName ?? FRONTDESK}
          title="Verify your email address"
          reason={`You get this message because this address was used to sign up for Frontdesk. ${NOT_YOU}`}
        >
          <Text style={styles.text}>{intro} The link works once, for 24 hours.</Text>
          <Button href={links.url(`/verify-email?${query.toString()}`)} style={styles.button}>
            Verify email address
          </Button>
        </Layout>
      ),
    };
  },
});

export const accountExists = defineTemplate({
  props: z.object({
    /** False: the account was never verified; a password reset verifies it. */
    verified: z.boolean(),
  }),
  optOut: false,
  render(props, links) {
    const preview = "Someone tried to sign up with this address, which already has an account.";
    return {
      subject: "You already have a Frontdesk account",
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={FRONTDESK}
          title="You already have an account"
          reason={`You get this message because this address was used to sign up for Frontdesk. ${NOT_YOU}`}
        >
          <Text style={styles.text}>
            {props.verified
              ? "This address already has a Frontdesk account, so no new one was created. Sign in with it, or reset its password if you forgot it."
              : "This address already has a Frontdesk account that was never verified, so no new one was created. Set a new password to verify the address and use the account."}
          </Text>
          <Button href={links.url("/sign-in")} style={styles.button}>
            Sign in
          </Button>
          <Text style={styles.text}>
            Forgot the password? <Link href={links.url("/forgot-password")}>Reset it</Link>.
          </Text>
        </Layout>
      ),
    };
  },
});

export const passwordReset = defineTemplate({
  props: z.object({ token: accountLinkToken }),
  optOut: false,
  render(props, links) {
    const preview = "Choose a new password for your Frontdesk account.";
    return {
      subject: "Reset your Frontdesk password",
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={FRONTDESK}
          title="Reset your password"
          reason={`You get this message because a password reset was asked for this address. ${NOT_YOU}`}
        >
          <Text style={styles.text}>
            Open the link to choose a new password. It works once, for one hour, and signs you out
            everywhere.
          </Text>
          <Button
            href={links.url(
              `/reset-password?${new URLSearchParams({ token: props.token }).toString()}`,
            )}
            style={styles.button}
          >
            Choose a new password
          </Button>
        </Layout>
      ),
    };
  },
});

export const passwordChanged = defineTemplate({
  props: z.object({
    changedAt: instant,
    /** `reset`: through a reset link (every session ended); `settings`: from Settings → Account. */
    via: z.enum(["reset", "settings"]),
  }),
  optOut: false,
  render(props, links) {
    const preview = `Your Frontdesk password was changed on ${when(props.changedAt)}.`;
    return {
      subject: "Your Frontdesk password was changed",
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={FRONTDESK}
          title="Your password was changed"
          reason="You get this message because the password of the account with this address changed."
        >
          <Text style={styles.text}>
            {preview}{" "}
            {props.via === "reset"
              ? "Every session of the account was signed out."
              : "Every other session of the account was signed out."}
          </Text>
          <Text style={styles.text}>
            Not you? Reset the password now, which signs everyone out, and tell your administrator.
          </Text>
          <Button href={links.url("/forgot-password")} style={styles.button}>
            Reset the password
          </Button>
        </Layout>
      ),
    };
  },
});

export const emailChangeVerify = defineTemplate({
  props: z.object({ token: accountLinkToken }),
  optOut: false,
  render(props, links) {
    const preview = "Confirm this address to make it your Frontdesk sign-in address.";
    return {
      subject: "Confirm your new email address",
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={FRONTDESK}
          title="Confirm your new email address"
          reason={`You get this message because a Frontdesk account asked to use this address. ${NOT_YOU}`}
        >
          <Text style={styles.text}>
            Your account keeps its current address until you open this link. It works once, for 24
            hours, and signs your account out on other devices.
          </Text>
          <Button
            href={links.url(
              `/verify-email?${new URLSearchParams({ token: props.token }).toString()}`,
            )}
            style={styles.button}
          >
            Confirm new address
          </Button>
        </Layout>
      ),
    };
  },
});

export const emailChanged = defineTemplate({
  props: z.object({
    changedAt: instant,
    /** The new address with most of its local part hidden, e.g. `o••••@example.com`. */
    newAddressHint: z.string().min(3).max(330),
  }),
  optOut: false,
  render(props, links) {
    const preview = `Your Frontdesk sign-in address was changed on ${when(props.changedAt)}.`;
    return {
      subject: "Your Frontdesk email address was changed",
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={FRONTDESK}
          title="Your email address was changed"
          reason="You get this message because this was the sign-in address of a Frontdesk account."
        >
          <Text style={styles.text}>
            {preview} The account now signs in as {props.newAddressHint}, and this address gets no
            more account mail. Its other sessions were signed out.
          </Text>
          <Text style={styles.text}>
            Not you? Tell your administrator at once: they can remove the account from your tenants.
          </Text>
          <Button href={links.url("/sign-in")} style={styles.button}>
            Go to Frontdesk
          </Button>
        </Layout>
      ),
    };
  },
});

export const invitation = defineTemplate({
  props: z.object({
    token: accountLinkToken,
    tenantName,
    role: z.enum(["admin", "member", "viewer"]),
    expiresAt: instant,
  }),
  optOut: false,
  render(props, links) {
    const preview = `You are invited to join ${props.tenantName} on Frontdesk as ${props.role === "admin" ? "an" : "a"} ${props.role}.`;
    return {
      subject: `Join ${props.tenantName} on Frontdesk`,
      preview,
      body: (
        <Layout
          preview={preview}
          senderName={props.tenantName}
          title={`Join ${props.tenantName}`}
          reason={`You get this message because an admin of ${props.tenantName} invited this address.`}
        >
          <Text style={styles.text}>{preview}</Text>
          <Text style={styles.text}>
            Accept with an account whose verified address is this one (create it from the link if
            you have none). The invitation expires on {when(props.expiresAt)}.
          </Text>
          <Button href={links.url(`/invite/${props.token}`)} style={styles.button}>
            View the invitation
          </Button>
        </Layout>
      ),
    };
  },
});
