"use server";
// Settings → Account: the signed-in user's password and address. Both need the current password;
// a password change ends the account's other sessions at once (this one stays signed in), an
// address change waits for the link sent to the new address. The services tell the address.
import { revalidatePath } from "next/cache";
import {
  AppError,
  changePassword,
  describeErrorForLog,
  requestEmailChange,
  type SessionClaims,
} from "@frontdesk/api";
import { redirect } from "next/navigation";
import { currentSessionClaims } from "@/server/auth";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
import type { AccountFormState } from "./state";

function text(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
}

async function session(): Promise<SessionClaims> {
  const claims = await currentSessionClaims();
  if (!claims) redirect("/sign-in");
  return claims;
}

function failed(previous: AccountFormState, error: unknown): AccountFormState {
  if (!(error instanceof AppError))
    logger.error({ err: describeErrorForLog(error) }, "account change failed");
  return {
    done: null,
    error: error instanceof AppError ? error.message : "The change failed. Try again in a moment.",
    attempt: previous.attempt + 1,
  };
}

export async function changePasswordAction(
  previous: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  const claims = await session();
  const newPassword = text(form, "newPassword");
  if (newPassword !== text(form, "confirmPassword")) {
    return {
      done: null,
      error: "The two new passwords are not the same.",
      attempt: previous.attempt + 1,
    };
  }
  try {
    await changePassword((await getDatabase()).db, claims, {
      currentPassword: text(form, "currentPassword"),
      newPassword,
    });
  } catch (error) {
    return failed(previous, error);
  }
  return {
    done: "Password changed. Your other sessions were signed out; this one stays signed in.",
    error: null,
    attempt: previous.attempt + 1,
  };
}

export async function changeEmailAction(
  previous: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  const claims = await session();
  let pendingEmail: string;
  try {
    ({ pendingEmail } = await requestEmailChange((await getDatabase()).db, claims, {
      newEmail: text(form, "newEmail"),
      currentPassword: text(form, "currentPassword"),
    }));
  } catch (error) {
    return failed(previous, error);
  }
  revalidatePath("/t/[tenantId]/settings/account", "page");
  return {
    done: `We sent a link to ${pendingEmail}. Your address changes when you open it.`,
    error: null,
    attempt: previous.attempt + 1,
  };
}
