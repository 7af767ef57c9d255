"use server";
// "Forgot your password?": asks for a reset link. The answer is the same whether or not the address
// has an account; limited per client address here and per recipient in the service.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestPasswordReset } from "@frontdesk/api";
import { consumeAccountMailRequest } from "@/server/account-mail-rate-limit";
import { clientIp } from "@/server/client-ip";
import { getDatabase } from "@/server/database";

export async function forgotPassword(form: FormData): Promise<void> {
  const database = await getDatabase();
  if (!(await consumeAccountMailRequest(database.db, "reset", clientIp(await headers())))) {
    redirect("/forgot-password?error=rate_limited");
  }
  await requestPasswordReset(database.db, form.get("email"));
  redirect("/forgot-password?sent=1");
}
