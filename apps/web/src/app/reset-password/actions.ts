"use server";
// Sets a new password through a reset link. Every session of the account ends (this browser's too,
// if it had one), so the person signs in again with the new password.
import { redirect } from "next/navigation";
import {
  AppError,
  describeErrorForLog,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  resetPassword,
} from "@frontdesk/api";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";

export async function chooseNewPassword(form: FormData): Promise<void> {
  const token = form.get("token");
  const password = form.get("password");
  const confirm = form.get("confirmPassword");
  if (typeof token !== "string" || !/^[\w-]{43}$/.test(token))
    redirect("/reset-password?error=invalid");
  const retry = (error: string): never =>
    redirect(`/reset-password?${new URLSearchParams({ token, error }).toString()}`);
  if (
    typeof password !== "string" ||
    password.length < PASSWORD_MIN_LENGTH ||
    password.length > PASSWORD_MAX_LENGTH
  ) {
    return retry("password");
  }
  if (password !== confirm) return retry("mismatch");
  let outcome = "done=1";
  try {
    await resetPassword((await getDatabase()).db, { token, password });
  } catch (error) {
    if (!(error instanceof AppError))
      logger.error({ err: describeErrorForLog(error) }, "password reset failed");
    outcome =
      error instanceof AppError && error.code === "NOT_FOUND" ? "error=invalid" : "error=failed";
  }
  redirect(`/reset-password?${outcome}`);
}
