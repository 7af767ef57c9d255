"use server";
// The unsubscribe page's button: records the opt-out the signed token names, then shows the result.
import { redirect } from "next/navigation";
import { MAX_LINK_TOKEN_LENGTH, optOutWithToken } from "@frontdesk/api";
import { mailEnv } from "@/env";
import { getDatabase } from "@/server/database";

export async function unsubscribe(form: FormData): Promise<void> {
  const token = form.get("token");
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_LINK_TOKEN_LENGTH) {
    redirect("/email/unsubscribe");
  }
  const database = await getDatabase();
  const ok = await optOutWithToken(database.db, mailEnv.linkSecret, token);
  redirect(
    ok
      ? `/email/unsubscribe?${new URLSearchParams({ token, done: "1" }).toString()}`
      : "/email/unsubscribe",
  );
}
