"use server";
// The booking page's cancel button. A Server Action: POST only, and Next.js refuses one whose Origin
// is not this site (no cross-site form can cancel), so a mail scanner opening the link, or another
// site, changes nothing. Scoped by the signed token in the form (it names one booking of one
// tenant); cancelling twice is harmless (the second time nothing happens).
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { cancelBookingWithToken, MAX_LINK_TOKEN_LENGTH } from "@frontdesk/api";
import { mailEnv } from "@/env";
import { getDatabase } from "@/server/database";

export async function cancelBooking(form: FormData): Promise<void> {
  const token = form.get("token");
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_LINK_TOKEN_LENGTH) {
    redirect("/booking");
  }
  const database = await getDatabase();
  const result = await cancelBookingWithToken(database.db, mailEnv.linkSecret, token, randomUUID());
  if (!result) redirect("/booking");
  const outcome = result.outcome === "refused" ? "refused" : "cancelled";
  redirect(`/booking?${new URLSearchParams({ token, outcome }).toString()}`);
}
