"use server";
// The verify-email page's forms: open a verification link (a sign-up's, or an address change's) and
// ask for a new link. Results come back as query parameters that carry no address.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  AppError,
  continuePath,
  describeErrorForLog,
  openVerificationLink,
  resendVerification,
} from "@frontdesk/api";
import { currentSessionClaims } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { consumeAccountMailRequest } from "@/server/account-mail-rate-limit";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";

function nextOf(value: FormDataEntryValue | null): string | null {
  return typeof value === "string" && continuePath.safeParse(value).success ? value : null;
}

export async function verifyEmail(form: FormData): Promise<void> {
  const token = form.get("token");
  const next = nextOf(form.get("next"));
  const query = new URLSearchParams();
  if (next) query.set("next", next);
  if (typeof token !== "string") redirect("/verify-email?error=invalid");
  try {
    const database = await getDatabase();
    // The session opening the link (when it is the account's own) stays signed in.
    const opened = await openVerificationLink(database.db, token, await currentSessionClaims());
    query.set("done", opened.kind === "verified" ? "verified" : "changed");
  } catch (error) {
    if (error instanceof AppError) {
      query.set("error", error.code === "CONFLICT" ? "taken" : "invalid");
    } else {
      logger.error({ err: describeErrorForLog(error) }, "opening a verification link failed");
      query.set("error", "failed");
    }
  }
  redirect(`/verify-email?${query.toString()}`);
}

export async function resend(form: FormData): Promise<void> {
  const database = await getDatabase();
  if (!(await consumeAccountMailRequest(database.db, "verify", clientIp(await headers())))) {
    redirect("/verify-email?error=rate_limited");
  }
  await resendVerification(database.db, form.get("email"));
  redirect("/verify-email?sent=1");
}
