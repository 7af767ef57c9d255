/** @jsxRuntime automatic @jsxImportSource react */
// The frame every message shares: the sender's name on top, the content, a footer with the reason
// the message was sent and, for notices an attendee may stop, the unsubscribe link. Inline styles
// only: email clients drop <style> blocks and external sheets.
import {
  Body,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";

const page = {
  backgroundColor: "#f4f5f7",
  fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};
const card = {
  backgroundColor: "#ffffff",
  borderRadius: "8px",
  margin: "24px auto",
  maxWidth: "560px",
  padding: "32px",
};
const sender = { color: "#4b5563", fontSize: "14px", margin: "0 0 8px" };
const heading = { color: "#111827", fontSize: "22px", lineHeight: "28px", margin: "0 0 16px" };
const footer = { color: "#6b7280", fontSize: "12px", lineHeight: "18px" };

export const styles = {
  text: { color: "#111827", fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  label: { color: "#4b5563", fontSize: "13px", margin: "0" },
  value: { color: "#111827", fontSize: "16px", fontWeight: 600, margin: "0 0 12px" },
  old: { color: "#6b7280", fontSize: "15px", margin: "0 0 12px", textDecoration: "line-through" },
  button: {
    backgroundColor: "#1d4ed8",
    borderRadius: "6px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
} as const;

export interface LayoutProps {
  /** Shown in the inbox list after the subject. */
  preview: string;
  /** Who sends it: the tenant's name, or Frontdesk for account mail. */
  senderName: string;
  title: string;
  /** Why this address gets the message. */
  reason: string;
  unsubscribeUrl?: string | null;
  children: ReactNode;
}

export function Layout({
  preview,
  senderName,
  title,
  reason,
  unsubscribeUrl,
  children,
}: LayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Text style={sender}>{senderName}</Text>
          <Heading as="h1" style={heading}>
            {title}
          </Heading>
          <Section>{children}</Section>
          <Hr />
          <Text style={footer}>
            {reason}
            {unsubscribeUrl ? (
              <>
                {" "}
                <Link href={unsubscribeUrl} style={{ color: "#6b7280" }}>
                  Unsubscribe from these notices
                </Link>
                .
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
