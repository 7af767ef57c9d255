import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: "Frontdesk",
  description: "Back office for bookings, orders, conversation scores, metrics and a PHI gate.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          margin: "0 auto",
          maxWidth: "42rem",
          padding: "2rem",
        }}
      >
        {children}
      </body>
    </html>
  );
}
