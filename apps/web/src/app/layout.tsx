import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { CspNonce } from "@/components/csp-nonce";
import { nonceOf } from "@/server/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Frontdesk", template: "%s · Frontdesk" },
  description: "Back office for bookings, orders, conversation scores, metrics and a PHI gate.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the CSP nonce (src/proxy.ts) exists only in a request, and
  // a prerendered page's scripts would carry none and be refused.
  await connection();
  // The request's copy of the policy (src/proxy.ts): its nonce, for styles added in the browser.
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    <html lang="en">
      <body>
        <CspNonce nonce={nonce} />
        <NuqsAdapter>{children}</NuqsAdapter>
        {/* Toasts are announced politely by sonner's live region; errors stay until dismissed. */}
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
